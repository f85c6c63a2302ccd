-- Per provider: the last 7 days before `to` against the weekly average of the `weeks` weeks before them.
-- A change is flagged when the provider had at least `min_recipients` in both spans and delivered % fell, or
-- deferred % or bounced % rose, by at least `points` percentage points, or the volume changed by `volume_pct` %.
-- Parameters: period_to, weeks, min_recipients, points, volume_pct.
WITH spans AS (
    SELECT provider,
           final_at >= getvariable('period_to') - INTERVAL 7 DAY AS this_week,
           count(*) AS recipients,
           100.0 * count_if(status = 'sent') / count(*) AS delivered_pct,
           100.0 * count_if(deferrals > 0) / count(*) AS deferred_pct,
           100.0 * count_if(status IN ('bounced', 'expired')) / count(*) AS bounced_pct
    FROM t_user_recipients
    WHERE final_at >= getvariable('period_to') - to_days(7 * (getvariable('weeks') + 1))
      AND final_at < getvariable('period_to')
    GROUP BY provider, this_week),
joined AS (
    SELECT coalesce(n.provider, o.provider) AS provider,
           coalesce(n.recipients, 0) AS recipients, o.recipients / getvariable('weeks') AS recipients_before,
           n.delivered_pct, o.delivered_pct AS delivered_pct_before,
           n.deferred_pct, o.deferred_pct AS deferred_pct_before,
           n.bounced_pct, o.bounced_pct AS bounced_pct_before,
           coalesce(n.recipients, 0) >= getvariable('min_recipients')
               AND coalesce(o.recipients / getvariable('weeks'), 0) >= getvariable('min_recipients') AS comparable
    FROM (SELECT * FROM spans WHERE this_week) n
    FULL JOIN (SELECT * FROM spans WHERE NOT this_week) o ON o.provider = n.provider)
SELECT provider, recipients, round(recipients_before, 1) AS recipients_before,
       round(delivered_pct, 1) AS delivered_pct, round(delivered_pct_before, 1) AS delivered_pct_before,
       round(deferred_pct, 1) AS deferred_pct, round(deferred_pct_before, 1) AS deferred_pct_before,
       round(bounced_pct, 1) AS bounced_pct, round(bounced_pct_before, 1) AS bounced_pct_before,
       comparable AND abs(recipients - recipients_before) >= recipients_before * getvariable('volume_pct') / 100
           AS volume_changed,
       comparable AND delivered_pct_before - delivered_pct >= getvariable('points') AS delivered_fell,
       comparable AND deferred_pct - deferred_pct_before >= getvariable('points') AS deferred_rose,
       comparable AND bounced_pct - bounced_pct_before >= getvariable('points') AS bounced_rose
FROM joined
ORDER BY (volume_changed OR delivered_fell OR deferred_rose OR bounced_rose) DESC,
         greatest(recipients, coalesce(recipients_before, 0)) DESC, provider;

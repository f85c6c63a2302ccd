-- Recipient outcomes per ISO week and provider over the `weeks` ISO weeks up to the one holding the period's end,
-- from the whole history rather than the period: the detail rows, plus daily_rollups for the days retention pruned
-- (pruning deletes the detail rows it rolls up, so nothing is counted twice). Weeks are cut in the session TimeZone.
-- Rollups know only the final status per domain: they add nothing to deferred_once or still_queued, and they also
-- hold the notifications, probes and content-filter hand-offs that user-mail counts leave out.
-- Parameters: period_to, weeks.
WITH bounds AS (
    SELECT date_trunc('week', getvariable('period_to') - INTERVAL 1 SECOND) - to_weeks(getvariable('weeks') - 1) AS w_from,
           getvariable('period_to') AS t_to),
detail AS (
    SELECT strftime(final_at, '%G-W%V') AS bucket, provider,
           count(*) AS recipients,
           count_if(status = 'sent') AS delivered,
           count_if(deferrals > 0) AS deferred_once,
           count_if(status = 'bounced') AS bounced,
           count_if(status = 'expired') AS expired,
           count_if(status = 'deferred' AND state = 'open') AS still_queued
    FROM t_user_recipients, bounds
    WHERE final_at >= w_from AND final_at < t_to
    GROUP BY ALL),
rolled AS (
    SELECT strftime(day, '%G-W%V') AS bucket, provider_of(lower(domain), NULL) AS provider,
           sum(count) AS recipients,
           coalesce(sum(count) FILTER (WHERE status = 'sent'), 0) AS delivered,
           0 AS deferred_once,
           coalesce(sum(count) FILTER (WHERE status = 'bounced'), 0) AS bounced,
           coalesce(sum(count) FILTER (WHERE status = 'expired'), 0) AS expired,
           0 AS still_queued
    FROM daily_rollups, bounds
    WHERE metric = 'recipients' AND day >= CAST(w_from AS DATE) AND day < CAST(t_to AS DATE)
    GROUP BY ALL),
weeks AS (
    SELECT bucket, provider, sum(recipients) AS recipients, sum(delivered) AS delivered,
           sum(deferred_once) AS deferred_once, sum(bounced) AS bounced, sum(expired) AS expired,
           sum(still_queued) AS still_queued
    FROM (SELECT * FROM detail UNION ALL SELECT * FROM rolled)
    GROUP BY bucket, provider)
SELECT bucket, provider, recipients, delivered, deferred_once, bounced, expired, still_queued,
       pct(delivered, recipients) AS delivered_pct,
       pct(deferred_once, recipients) AS deferred_pct,
       pct(bounced, recipients) AS bounced_pct,
       pct(expired, recipients) AS expired_pct
FROM weeks
ORDER BY bucket, recipients DESC, provider;

-- Recipient outcomes per provider and bucket: the whole period ('period'), each day ('day', yyyy-mm-dd) or each
-- ISO week ('week', yyyy-Www), cut in the session TimeZone (the report zone). Parameters: period_from, period_to,
-- bucket.
SELECT CASE getvariable('bucket') WHEN 'day' THEN strftime(final_at, '%Y-%m-%d')
              WHEN 'week' THEN strftime(final_at, '%G-W%V')
              ELSE 'period' END AS bucket,
       provider,
       count(*) AS recipients,
       count_if(status = 'sent') AS delivered,
       count_if(deferrals > 0) AS deferred_once,
       count_if(status = 'bounced') AS bounced,
       count_if(status = 'expired') AS expired,
       count_if(status = 'deferred' AND state = 'open') AS still_queued,
       pct(count_if(status = 'sent'), count(*)) AS delivered_pct,
       pct(count_if(deferrals > 0), count(*)) AS deferred_pct,
       pct(count_if(status = 'bounced'), count(*)) AS bounced_pct,
       pct(count_if(status = 'expired'), count(*)) AS expired_pct
FROM t_user_recipients
WHERE final_at >= getvariable('period_from') AND final_at < getvariable('period_to')
GROUP BY bucket, provider
ORDER BY bucket, recipients DESC, provider;

-- Recipient outcomes per destination domain for the period (final_at in [from, to)), busiest domains first.
-- Parameters: period_from, period_to, row_limit.
SELECT domain,
       mode(provider) AS provider,
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
GROUP BY domain
ORDER BY recipients DESC, domain
LIMIT getvariable('row_limit');

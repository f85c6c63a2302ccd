-- Recipient outcomes per destination domain for the period (final_at in [from, to)), busiest domains first.
-- Parameters: from, to, limit.
WITH period AS (SELECT CAST(? AS TIMESTAMPTZ) AS t_from, CAST(? AS TIMESTAMPTZ) AS t_to)
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
FROM v_user_recipients, period
WHERE final_at >= t_from AND final_at < t_to
GROUP BY domain
ORDER BY recipients DESC, domain
LIMIT ?;

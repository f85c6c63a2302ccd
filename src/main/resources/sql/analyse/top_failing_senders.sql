-- Senders whose recipients failed most in the period: bounced + expired, then deferred at least once.
-- The null sender <> is shown as ''. Parameters: period_from, period_to, row_limit.
SELECT coalesce(sender, '') AS sender, count(*) AS recipients,
       count_if(deferrals > 0) AS deferred_once, count_if(status = 'bounced') AS bounced,
       count_if(status = 'expired') AS expired
FROM t_user_recipients
WHERE final_at >= getvariable('period_from') AND final_at < getvariable('period_to')
GROUP BY 1
HAVING count_if(status IN ('bounced', 'expired')) + count_if(deferrals > 0) > 0
ORDER BY bounced + expired DESC, deferred_once DESC, sender
LIMIT getvariable('row_limit');

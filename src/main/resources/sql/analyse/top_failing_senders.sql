-- Senders whose recipients failed most in the period: bounced + expired, then deferred at least once.
-- The null sender <> is shown as ''. Parameters: from, to, limit.
WITH period AS (SELECT CAST(? AS TIMESTAMPTZ) AS t_from, CAST(? AS TIMESTAMPTZ) AS t_to)
SELECT coalesce(sender, '') AS sender, count(*) AS recipients,
       count_if(deferrals > 0) AS deferred_once, count_if(status = 'bounced') AS bounced,
       count_if(status = 'expired') AS expired
FROM v_user_recipients, period
WHERE final_at >= t_from AND final_at < t_to
GROUP BY 1
HAVING count_if(status IN ('bounced', 'expired')) + count_if(deferrals > 0) > 0
ORDER BY bounced + expired DESC, deferred_once DESC, sender
LIMIT ?;

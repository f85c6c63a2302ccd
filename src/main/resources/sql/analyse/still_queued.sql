-- User-mail recipients still in the queue (last attempt deferred, message open) whose latest deferral was in
-- the period, oldest message first. Parameters: from, to, limit.
WITH period AS (SELECT CAST(? AS TIMESTAMPTZ) AS t_from, CAST(? AS TIMESTAMPTZ) AS t_to)
SELECT msg_id, host, queue_id, coalesce(sender, '') AS sender, recipient, domain, first_at, final_at, deferrals, dsn, reply
FROM v_user_recipients, period
WHERE status = 'deferred' AND state = 'open' AND final_at >= t_from AND final_at < t_to
ORDER BY first_at, queue_id, recipient
LIMIT ?;

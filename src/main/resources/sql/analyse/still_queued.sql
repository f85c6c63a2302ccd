-- User-mail recipients still in the queue (last attempt deferred, message open) whose latest deferral was in
-- the period, oldest message first. Parameters: period_from, period_to, row_limit.
SELECT msg_id, host, queue_id, coalesce(sender, '') AS sender, recipient, domain, first_at, final_at, deferrals, dsn, reply
FROM t_user_recipients
WHERE status = 'deferred' AND state = 'open' AND final_at >= getvariable('period_from') AND final_at < getvariable('period_to')
ORDER BY first_at, queue_id, recipient
LIMIT getvariable('row_limit');

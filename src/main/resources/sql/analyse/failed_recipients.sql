-- User-mail recipients that failed in the period: bounced, expired, or still deferred in a queued message (their
-- latest deferral in the period); newest first. Each gets a trace page in the report. Parameters: period_from, period_to, row_limit.
SELECT msg_id, recipient, domain, status, final_at, dsn, reply
FROM t_user_recipients
WHERE (status IN ('bounced', 'expired') OR (status = 'deferred' AND state = 'open'))
  AND final_at >= getvariable('period_from') AND final_at < getvariable('period_to')
ORDER BY final_at DESC, msg_id, recipient
LIMIT getvariable('row_limit');

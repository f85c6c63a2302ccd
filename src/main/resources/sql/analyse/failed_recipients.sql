-- User-mail recipients that failed in the period: bounced, expired, or still deferred in a queued message (their
-- latest deferral in the period); newest first. Each gets a trace page in the report. Parameters: from, to, limit.
WITH period AS (SELECT CAST(? AS TIMESTAMPTZ) AS t_from, CAST(? AS TIMESTAMPTZ) AS t_to)
SELECT msg_id, recipient, domain, status, final_at, dsn, reply
FROM v_user_recipients, period
WHERE (status IN ('bounced', 'expired') OR (status = 'deferred' AND state = 'open'))
  AND final_at >= t_from AND final_at < t_to
ORDER BY final_at DESC, msg_id, recipient
LIMIT ?;

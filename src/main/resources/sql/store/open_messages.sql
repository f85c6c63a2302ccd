-- open_messages: the messages a previous run left queued (state 'open'), which this run reads back into the
-- correlator. Their detail rows: open_recipients.sql, open_attempts.sql, open_notifications.sql.
SELECT msg_id, host, instance, queue_id, first_at, last_at, origin, client_host, client_ip, sasl_user, message_id,
       sender, size, nrcpt, cleanup_action, probe, raw_lines
FROM messages
WHERE state = 'open'
ORDER BY msg_id;

-- open_recipients: the recipients of the open messages, in the order they were written.
SELECT msg_id, recipient, orig_recipient, status, dsn, relay, reply, final_at, attempts, delay_s
FROM recipients
WHERE msg_id IN (SELECT msg_id FROM messages WHERE state = 'open')
ORDER BY msg_id, rowid;

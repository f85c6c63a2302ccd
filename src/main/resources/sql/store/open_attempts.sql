-- open_attempts: the delivery attempts of the open messages, in the order they were written.
SELECT msg_id, recipient, "at", agent, relay_host, relay_ip, relay_port, dsn, status, reply, delay_s,
       delay_before_qmgr, delay_in_qmgr, delay_connect, delay_transmit, queued_as
FROM attempts
WHERE msg_id IN (SELECT msg_id FROM messages WHERE state = 'open')
ORDER BY msg_id, rowid;

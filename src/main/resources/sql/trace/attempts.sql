SELECT msg_id, recipient, "at", agent, relay_host, relay_ip, relay_port, dsn, status, reply, delay_s, queued_as
FROM attempts
WHERE msg_id = ANY(getvariable('msg_ids'))
ORDER BY msg_id, "at", recipient

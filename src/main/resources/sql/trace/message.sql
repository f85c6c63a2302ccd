-- The messages with the given ids (msg_ids, a list), with their link to a parent.
SELECT m.msg_id, m.host, m.instance, m.queue_id, m.first_at, m.last_at, m.state, m.origin, m.client_host,
       m.client_ip, m.sasl_user, m.message_id, m.sender, m.size, m.nrcpt, m.cleanup_action, m.probe,
       m.parent_msg_id, m.link_kind, m.notification_kind, m.raw_lines
FROM messages m
WHERE m.msg_id = ANY(getvariable('msg_ids'))

-- Messages matching a trace query, newest first. Each criterion is optional (NULL = any).
-- Parameters: queue_id, recipient (address), domain (recipient domain), sender, message_id, client_ip, since, until,
-- row_limit. Addresses compare case-insensitively; a recipient matches to= or orig_to=.
SELECT m.msg_id
FROM messages m
WHERE (getvariable('queue_id') IS NULL OR m.queue_id = getvariable('queue_id'))
  AND (getvariable('recipient') IS NULL OR EXISTS (
        SELECT 1 FROM recipients r
        WHERE r.msg_id = m.msg_id
          AND (lower(r.recipient) = lower(getvariable('recipient'))
               OR lower(r.orig_recipient) = lower(getvariable('recipient')))))
  AND (getvariable('domain') IS NULL OR EXISTS (
        SELECT 1 FROM recipients r WHERE r.msg_id = m.msg_id AND r.domain = lower(getvariable('domain'))))
  AND (getvariable('sender') IS NULL OR lower(m.sender) = lower(getvariable('sender')))
  AND (getvariable('message_id') IS NULL OR m.message_id = trim(getvariable('message_id'), '<>'))
  AND (getvariable('client_ip') IS NULL OR m.client_ip = getvariable('client_ip'))
  AND (getvariable('since') IS NULL OR m.last_at >= getvariable('since'))
  AND (getvariable('until') IS NULL OR m.first_at < getvariable('until'))
  -- Re-injected copies and notifications are shown inside the message they belong to.
  AND (m.link_kind IS NULL OR getvariable('queue_id') IS NOT NULL)
ORDER BY m.first_at DESC
LIMIT getvariable('row_limit')

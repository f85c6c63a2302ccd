-- Messages matching a trace query, newest first. Each criterion is optional (NULL = any).
-- ?1 queue ID, ?2 recipient address, ?3 recipient domain, ?4 sender, ?5 Message-ID, ?6 client IP, ?7 from, ?8 to,
-- ?9 limit. Addresses compare case-insensitively; a recipient matches to= or orig_to=.
SELECT m.msg_id
FROM messages m
WHERE ($1::VARCHAR IS NULL OR m.queue_id = $1)
  AND ($2::VARCHAR IS NULL OR EXISTS (
        SELECT 1 FROM recipients r
        WHERE r.msg_id = m.msg_id AND (lower(r.recipient) = lower($2) OR lower(r.orig_recipient) = lower($2))))
  AND ($3::VARCHAR IS NULL OR EXISTS (
        SELECT 1 FROM recipients r WHERE r.msg_id = m.msg_id AND r.domain = lower($3)))
  AND ($4::VARCHAR IS NULL OR lower(m.sender) = lower($4))
  AND ($5::VARCHAR IS NULL OR m.message_id = trim($5, '<>'))
  AND ($6::VARCHAR IS NULL OR m.client_ip = $6)
  AND ($7::TIMESTAMPTZ IS NULL OR m.last_at >= $7)
  AND ($8::TIMESTAMPTZ IS NULL OR m.first_at < $8)
  -- Re-injected copies and notifications are shown inside the message they belong to.
  AND (m.link_kind IS NULL OR $1::VARCHAR IS NOT NULL)
ORDER BY m.first_at DESC
LIMIT $9

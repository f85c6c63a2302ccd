-- Pre-queue rejects matching a trace query, newest first: mail that never got a queue ID.
-- ?1 recipient, ?2 recipient domain, ?3 sender, ?4 client IP, ?5 from, ?6 to, ?7 limit.
SELECT "at", host, daemon, kind, stage, client_host, client_ip, smtp_code, dsn, reason, sender, recipient, helo, raw_line
FROM rejects
WHERE ($1::VARCHAR IS NULL OR lower(recipient) = lower($1))
  AND ($2::VARCHAR IS NULL OR lower(recipient) LIKE '%@' || lower($2))
  AND ($3::VARCHAR IS NULL OR lower(sender) = lower($3))
  AND ($4::VARCHAR IS NULL OR client_ip = $4)
  AND ($5::TIMESTAMPTZ IS NULL OR "at" >= $5)
  AND ($6::TIMESTAMPTZ IS NULL OR "at" < $6)
  AND ($1::VARCHAR IS NOT NULL OR $2::VARCHAR IS NOT NULL OR $3::VARCHAR IS NOT NULL OR $4::VARCHAR IS NOT NULL)
ORDER BY "at" DESC
LIMIT $7

-- Pre-queue rejects matching a trace query, newest first: mail that never got a queue ID.
-- Parameters: recipient, domain (recipient domain), sender, client_ip, since, until, row_limit.
SELECT "at", host, daemon, kind, stage, client_host, client_ip, smtp_code, dsn, reason, sender, recipient, helo, raw_line
FROM rejects
WHERE (getvariable('recipient') IS NULL OR lower(recipient) = lower(getvariable('recipient')))
  AND (getvariable('domain') IS NULL OR lower(recipient) LIKE '%@' || lower(getvariable('domain')))
  AND (getvariable('sender') IS NULL OR lower(sender) = lower(getvariable('sender')))
  AND (getvariable('client_ip') IS NULL OR client_ip = getvariable('client_ip'))
  AND (getvariable('since') IS NULL OR "at" >= getvariable('since'))
  AND (getvariable('until') IS NULL OR "at" < getvariable('until'))
  AND (getvariable('recipient') IS NOT NULL OR getvariable('domain') IS NOT NULL OR getvariable('sender') IS NOT NULL
       OR getvariable('client_ip') IS NOT NULL)
ORDER BY "at" DESC
LIMIT getvariable('row_limit')

SELECT msg_id, recipient, orig_recipient, status, dsn, relay, reply, final_at, attempts, delay_s, via_filter
FROM recipients
WHERE msg_id = ANY(getvariable('msg_ids'))
ORDER BY msg_id, recipient

SELECT recipient, orig_recipient, status, dsn, relay, reply, final_at, attempts, delay_s, via_filter
FROM recipients
WHERE msg_id = $1
ORDER BY recipient

-- mark_via_filter: a recipient whose "sent" went to a local content filter that re-injected the message is not a
-- delivery; its real outcome is in the linked child. Recomputed for the window of this run because a parent that
-- was carried over OPEN is written again with via_filter = false.
UPDATE recipients AS r
SET via_filter = true
FROM messages c
JOIN attempts a
  ON a.msg_id = c.parent_msg_id
 AND a.queued_as = c.queue_id
 AND a.status = 'sent'
WHERE c.link_kind = 'reinjected'
  AND c.first_at >= getvariable('link_since') - INTERVAL 10 MINUTE
  AND c.first_at BETWEEN a.at - INTERVAL 5 MINUTE AND a.at + INTERVAL 5 MINUTE
  AND r.msg_id = c.parent_msg_id
  AND r.recipient = a.recipient
  AND r.via_filter IS DISTINCT FROM true;

-- link_reinjected: a message that a local content filter (amavis, a milter proxy) handed back to Postfix is the
-- child of the message whose attempt to the filter said "250 ... queued as CHILD". Queue IDs are reused, so the
-- child must also be on the same host and instance and have started within 5 minutes of that attempt (the closest
-- wins). Only unlinked children from getvariable('link_since') on are looked at, so a run links its own messages to
-- partners of earlier runs and the other way round without rescanning the whole history.
UPDATE messages AS c
SET parent_msg_id = best.parent_msg_id, link_kind = 'reinjected', notification_kind = NULL
FROM (
    SELECT child.msg_id AS child_msg_id,
           p.msg_id AS parent_msg_id,
           row_number() OVER (
               PARTITION BY child.msg_id
               ORDER BY abs(epoch(child.first_at) - epoch(a.at)), p.msg_id) AS rank
    FROM attempts a
    JOIN messages p ON p.msg_id = a.msg_id
    JOIN messages child
      ON child.host = p.host
     AND child.instance = p.instance
     AND child.queue_id = a.queued_as
     AND child.msg_id <> p.msg_id
    WHERE a.status = 'sent'
      AND a.queued_as IS NOT NULL
      AND (a.relay_ip LIKE '127.%' OR a.relay_ip = '::1'
           OR a.relay_host LIKE '127.%' OR a.relay_host IN ('localhost', '::1'))
      AND a.at >= getvariable('link_since') - INTERVAL 15 MINUTE
      AND child.first_at >= getvariable('link_since') - INTERVAL 10 MINUTE
      AND child.first_at BETWEEN a.at - INTERVAL 5 MINUTE AND a.at + INTERVAL 5 MINUTE
      AND child.parent_msg_id IS NULL
) AS best
WHERE c.msg_id = best.child_msg_id
  AND best.rank = 1;

-- link_notifications: a bounce, delay or success notification is a new message whose queue ID the bounce daemon
-- logged on the original ("sender non-delivery notification: CHILD"). Queue IDs are reused, so the child must be on
-- the same host and instance and start between 1 minute before and 5 minutes after that line (the closest wins;
-- the child's cleanup line is usually logged in the same second, just before).
UPDATE messages AS c
SET parent_msg_id = best.parent_msg_id, link_kind = 'notification', notification_kind = best.kind
FROM (
    SELECT child.msg_id AS child_msg_id,
           p.msg_id AS parent_msg_id,
           n.kind AS kind,
           row_number() OVER (
               PARTITION BY child.msg_id
               ORDER BY abs(epoch(child.first_at) - epoch(n.at)), p.msg_id) AS rank
    FROM notifications n
    JOIN messages p ON p.msg_id = n.msg_id
    JOIN messages child
      ON child.host = p.host
     AND child.instance = p.instance
     AND child.queue_id = n.notification_queue_id
     AND child.msg_id <> p.msg_id
    WHERE n.notification_queue_id IS NOT NULL
      AND n.at >= getvariable('link_since') - INTERVAL 15 MINUTE
      AND child.first_at >= getvariable('link_since') - INTERVAL 10 MINUTE
      AND child.first_at BETWEEN n.at - INTERVAL 1 MINUTE AND n.at + INTERVAL 5 MINUTE
      AND child.parent_msg_id IS NULL
) AS best
WHERE c.msg_id = best.child_msg_id
  AND best.rank = 1;

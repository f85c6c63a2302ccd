-- open_notifications: the notifications the open messages caused, in the order they were written.
SELECT msg_id, "at", kind, notification_queue_id
FROM notifications
WHERE msg_id IN (SELECT msg_id FROM messages WHERE state = 'open')
ORDER BY msg_id, rowid;

-- delete_open_messages: removes the open messages just read back, with their detail rows, inside the run's
-- transaction; the correlator emits each of them again (completed or still open) and they are written anew.
DELETE FROM recipients WHERE msg_id IN (SELECT msg_id FROM messages WHERE state = 'open');
DELETE FROM attempts WHERE msg_id IN (SELECT msg_id FROM messages WHERE state = 'open');
DELETE FROM notifications WHERE msg_id IN (SELECT msg_id FROM messages WHERE state = 'open');
DELETE FROM messages WHERE state = 'open';

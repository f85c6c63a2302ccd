-- Messages linked to a message: its content-filter copies and the notifications it caused.
SELECT msg_id FROM messages WHERE parent_msg_id = $1 ORDER BY first_at

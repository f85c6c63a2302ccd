-- Messages linked to the given ones: their content-filter copies and the notifications they caused.
SELECT parent_msg_id, msg_id FROM messages WHERE parent_msg_id = ANY(getvariable('msg_ids')) ORDER BY first_at

SELECT id, note, seen FROM notes WHERE id >= getvariable('min_id') ORDER BY id;

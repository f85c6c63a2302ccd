-- A script of several statements; this comment has a semicolon; and 'quotes'.
CREATE TABLE notes (id BIGINT, note VARCHAR, seen TIMESTAMPTZ);
INSERT INTO notes VALUES (1, 'a; b -- not a comment', getvariable('at'));  -- a trailing comment;
/* a block comment; */
INSERT INTO notes VALUES (getvariable('id'), getvariable('note'), NULL);

-- refers to a table that does not exist
SELECT * FROM no_such_table;

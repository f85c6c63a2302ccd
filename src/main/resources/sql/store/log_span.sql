-- log_span: the times of the first and the newest log line the history has read (NULLs before the first run).
SELECT min(first_at) AS first_at, max(last_at) AS newest_at FROM ingested_files;

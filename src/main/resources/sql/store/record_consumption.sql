-- record_consumption: what a read consumed from one file, inside the run's transaction. A known file's row is
-- updated (a resumed file keeps its earlier first time), a new file gets its row. Parameters: file_id, fingerprint,
-- path, compression, bytes_consumed, lines_consumed, complete, truncated, first_at, last_at (NULL when no line had a
-- time), run_id.
UPDATE ingested_files
SET fingerprint = getvariable('fingerprint'), path = getvariable('path'), compression = getvariable('compression'),
    bytes_consumed = getvariable('bytes_consumed'), lines_consumed = getvariable('lines_consumed'),
    complete = getvariable('complete'), truncated = getvariable('truncated'),
    first_at = coalesce(first_at, getvariable('first_at')), last_at = coalesce(getvariable('last_at'), last_at),
    run_id = getvariable('run_id')
WHERE file_id = getvariable('file_id');

INSERT INTO ingested_files (file_id, fingerprint, path, compression, bytes_consumed, lines_consumed, complete,
                            truncated, first_at, last_at, run_id)
SELECT getvariable('file_id'), getvariable('fingerprint'), getvariable('path'), getvariable('compression'),
       getvariable('bytes_consumed'), getvariable('lines_consumed'), getvariable('complete'), getvariable('truncated'),
       getvariable('first_at'), getvariable('last_at'), getvariable('run_id')
WHERE NOT EXISTS (SELECT 1 FROM ingested_files WHERE file_id = getvariable('file_id'));

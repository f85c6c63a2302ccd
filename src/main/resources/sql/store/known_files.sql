-- known_files: the ledger as stored, one row per file known by content.
SELECT file_id, fingerprint, path, compression, bytes_consumed, lines_consumed, complete, truncated, first_at, last_at
FROM ingested_files;

-- Failed runs and truncated files since the period began, newest first. Parameters: from.
WITH period AS (SELECT CAST(? AS TIMESTAMPTZ) AS t_from)
SELECT 'failed-run' AS what, started_at AS "at", coalesce(error, '') AS detail, run_id
FROM runs, period WHERE started_at >= t_from AND status = 'failed'
UNION ALL
SELECT 'truncated-file', f.last_at, f.path, f.run_id
FROM ingested_files f JOIN runs ON runs.run_id = f.run_id, period
WHERE runs.started_at >= t_from AND f.truncated
ORDER BY "at" DESC NULLS LAST;

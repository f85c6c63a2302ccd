-- Failed runs and truncated files since the period began, newest first. Parameters: period_from.
SELECT 'failed-run' AS what, started_at AS "at", coalesce(error, '') AS detail, run_id
FROM runs WHERE started_at >= getvariable('period_from') AND status = 'failed'
UNION ALL
SELECT 'truncated-file', f.last_at, f.path, f.run_id
FROM ingested_files f JOIN runs ON runs.run_id = f.run_id
WHERE runs.started_at >= getvariable('period_from') AND f.truncated
ORDER BY "at" DESC NULLS LAST;

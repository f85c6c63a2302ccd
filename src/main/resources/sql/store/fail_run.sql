-- fail_run: marks a run failed with its error, after its transaction was rolled back. Parameters: run_id,
-- finished_at, error.
UPDATE runs
SET finished_at = getvariable('finished_at'), status = 'failed', error = getvariable('error')
WHERE run_id = getvariable('run_id');

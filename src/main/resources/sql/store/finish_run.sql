-- finish_run: closes a run's row with its counts, inside the run's transaction. Parameters: run_id, finished_at,
-- files_read, lines_read, lines_used, lines_noise, lines_other, lines_unrecognised, messages_open.
UPDATE runs
SET finished_at = getvariable('finished_at'), status = 'completed', files_read = getvariable('files_read'),
    lines_read = getvariable('lines_read'), lines_used = getvariable('lines_used'),
    lines_noise = getvariable('lines_noise'), lines_other = getvariable('lines_other'),
    lines_unrecognised = getvariable('lines_unrecognised'), messages_open = getvariable('messages_open'), error = NULL
WHERE run_id = getvariable('run_id');

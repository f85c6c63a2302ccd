-- start_run: opens a run's row (committed at once, so a failed run stays visible). A row still 'running' belongs to a
-- run whose process died before it could record its end (the file lock says no other run is alive): it is marked
-- failed first. Parameters: run_id, started_at.
UPDATE runs
SET status = 'failed', error = 'interrupted: the process ended before the run finished (killed, crashed or out of memory)'
WHERE status = 'running';

INSERT INTO runs (run_id, started_at, status) VALUES (getvariable('run_id'), getvariable('started_at'), 'running');

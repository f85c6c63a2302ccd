-- Data quality of the runs that started since the period began (the nightly run that ingests a period starts
-- after it ends, so it is included). Parameters: period_from.
WITH r AS (SELECT runs.* FROM runs WHERE started_at >= getvariable('period_from'))
SELECT (SELECT count(*) FROM r) AS runs,
       (SELECT count_if(status = 'failed') FROM r) AS failed_runs,
       (SELECT count(*) FROM ingested_files WHERE run_id IN (SELECT run_id FROM r)) AS files,
       (SELECT count_if(truncated) FROM ingested_files WHERE run_id IN (SELECT run_id FROM r)) AS truncated_files,
       (SELECT coalesce(sum(lines_read), 0) FROM r) AS lines_read,
       (SELECT coalesce(sum(lines_used), 0) FROM r) AS lines_used,
       (SELECT coalesce(sum(lines_noise), 0) FROM r) AS lines_noise,
       (SELECT coalesce(sum(lines_other), 0) FROM r) AS lines_other,
       (SELECT coalesce(sum(lines_unrecognised), 0) FROM r) AS lines_unrecognised;

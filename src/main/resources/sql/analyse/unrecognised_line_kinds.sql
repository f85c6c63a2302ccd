-- Lines we could not use, by kind, with the most recent sample, for the runs since the period began.
-- Parameters: period_from.
SELECT category, kind, sum(lines) AS lines,
       arg_max(sample, run_id) AS sample, arg_max(sample_file, run_id) AS sample_file,
       arg_max(sample_line, run_id) AS sample_line
FROM line_kinds
WHERE category IN ('unrecognised', 'error')
  AND run_id IN (SELECT run_id FROM runs WHERE started_at >= getvariable('period_from'))
GROUP BY category, kind
ORDER BY lines DESC, kind;

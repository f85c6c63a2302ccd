-- Pre-queue rejects (and reject warnings) in the period by kind and SMTP stage (CONNECT, HELO, MAIL, RCPT, DATA,
-- END-OF-MESSAGE, ...), with the latest reason as a sample. Parameters: period_from, period_to, row_limit.
SELECT kind || ' ' || coalesce(stage, '?') AS "key", NULL AS label, NULL AS advice, count(*) AS n,
       arg_max(reason, "at") AS sample
FROM rejects
WHERE "at" >= getvariable('period_from') AND "at" < getvariable('period_to') AND kind IN ('reject', 'milter-reject', 'reject_warning')
GROUP BY kind, stage
ORDER BY n DESC, "key"
LIMIT getvariable('row_limit');

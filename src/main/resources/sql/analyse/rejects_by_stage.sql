-- Pre-queue rejects (and reject warnings) in the period by kind and SMTP stage (CONNECT, HELO, MAIL, RCPT, DATA,
-- END-OF-MESSAGE, ...), with the latest reason as a sample. Parameters: from, to, limit.
WITH period AS (SELECT CAST(? AS TIMESTAMPTZ) AS t_from, CAST(? AS TIMESTAMPTZ) AS t_to)
SELECT kind || ' ' || coalesce(stage, '?') AS "key", NULL AS label, NULL AS advice, count(*) AS n,
       arg_max(reason, "at") AS sample
FROM rejects, period
WHERE "at" >= t_from AND "at" < t_to AND kind IN ('reject', 'milter-reject', 'reject_warning')
GROUP BY kind, stage
ORDER BY n DESC, "key"
LIMIT ?;

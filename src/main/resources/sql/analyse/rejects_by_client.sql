-- The clients rejected most in the period (host[ip]), with the latest reason as a sample.
-- Parameters: period_from, period_to, row_limit.
SELECT coalesce(client_host, 'unknown') || '[' || coalesce(client_ip, '?') || ']' AS "key", NULL AS label,
       NULL AS advice, count(*) AS n, arg_max(reason, "at") AS sample
FROM rejects
WHERE "at" >= getvariable('period_from') AND "at" < getvariable('period_to') AND kind IN ('reject', 'milter-reject', 'reject_warning')
GROUP BY "key"  -- postscreen logs no host name: "unknown" and none are one client
ORDER BY n DESC, "key"
LIMIT getvariable('row_limit');

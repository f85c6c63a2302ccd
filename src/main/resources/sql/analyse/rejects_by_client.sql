-- The clients rejected most in the period (host[ip]), with the latest reason as a sample.
-- Parameters: from, to, limit.
WITH period AS (SELECT CAST(? AS TIMESTAMPTZ) AS t_from, CAST(? AS TIMESTAMPTZ) AS t_to)
SELECT coalesce(client_host, 'unknown') || '[' || coalesce(client_ip, '?') || ']' AS "key", NULL AS label,
       NULL AS advice, count(*) AS n, arg_max(reason, "at") AS sample
FROM rejects, period
WHERE "at" >= t_from AND "at" < t_to AND kind IN ('reject', 'milter-reject', 'reject_warning')
GROUP BY "key"  -- postscreen logs no host name: "unknown" and none are one client
ORDER BY n DESC, "key"
LIMIT ?;

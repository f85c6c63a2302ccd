-- The most frequent failure codes per destination domain: failed attempts (deferred, bounced, expired,
-- softbounce) in the period by status and DSN, with the code's meaning. Parameters: period_from, period_to, row_limit (codes per domain).
WITH counted AS (
    SELECT domain, status, coalesce(dsn, '') AS dsn, count(*) AS attempts, arg_max(reply, "at") AS sample_reply
    FROM t_user_attempts
    WHERE "at" >= getvariable('period_from') AND "at" < getvariable('period_to') AND status IN ('deferred', 'bounced', 'expired', 'softbounce')
    GROUP BY domain, status, coalesce(dsn, ''))
SELECT domain, status, dsn, attempts, sample_reply, dsn_meaning(dsn) AS meaning, dsn_advice(dsn) AS advice
FROM counted
QUALIFY row_number() OVER (PARTITION BY domain ORDER BY attempts DESC, status, dsn) <= getvariable('row_limit')
ORDER BY sum(attempts) OVER (PARTITION BY domain) DESC, domain, attempts DESC, status, dsn;

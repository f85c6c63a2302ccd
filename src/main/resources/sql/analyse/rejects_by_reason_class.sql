-- Pre-queue rejects (and reject warnings) in the period by reason class (ref_reply_rules on the reason text),
-- with the class's label and advice from ref_reason_classes and the latest reason as a sample.
-- Parameters: period_from, period_to, row_limit.
WITH classed AS (
    SELECT reply_class(reason) AS reason_class, reason, "at"
    FROM rejects
    WHERE "at" >= getvariable('period_from') AND "at" < getvariable('period_to') AND kind IN ('reject', 'milter-reject', 'reject_warning'))
SELECT c.reason_class AS "key", any_value(rc.label) AS label, any_value(rc.advice) AS advice, count(*) AS n,
       arg_max(c.reason, c."at") AS sample
FROM classed c LEFT JOIN ref_reason_classes rc ON rc.reason_class = c.reason_class
GROUP BY c.reason_class
ORDER BY n DESC, "key"
LIMIT getvariable('row_limit');

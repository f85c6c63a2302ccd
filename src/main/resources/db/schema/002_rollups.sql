-- Postfix Insights store additions. Idempotent like 001.

-- daily_rollups: what retention keeps of detail rows it deletes, one count per day, host and key, so that year-over-
-- year totals survive pruning. Filled by sql/store/prune.sql just before the detail rows go, in the same
-- transaction, so no day is counted twice. The day is cut in the session TimeZone at pruning time.
--   metric = 'messages':   status = message state,            domain NULL
--   metric = 'recipients': status = recipient status,         domain = recipient domain
--   metric = 'rejects':    status = reject kind,              domain = lower-cased domain of the rejected recipient
CREATE TABLE IF NOT EXISTS daily_rollups (
    day                 DATE,
    host                VARCHAR,
    metric              VARCHAR,
    domain              VARCHAR,
    status              VARCHAR,
    count               BIGINT
);

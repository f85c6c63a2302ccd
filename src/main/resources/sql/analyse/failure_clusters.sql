-- Failure clusters: a provider whose mail fails far more than usual, concentrated in an episode of hours.
-- Counted unit: one recipient of one message (msg_id, recipient) in a window, failed when any of its attempts there
-- was deferred, bounced or soft-bounced (user mail only). Retries of one deferred recipient are our queue's
-- schedule, not new evidence from the receiver: counting attempts would let one stuck recipient retried all day
-- outweigh many distinct refusals, and would make the thresholds depend on our retry settings.
-- Windows of `win` seconds hop by win // 2 (half-windows h) from the period start; window k covers
-- [from + k*h, from + k*h + win). Windows before the period (k <= -2, within the baseline days) make the baseline.
-- A window is flagged for a provider when all hold (thresholds: ClusterSettings, explained there):
--   rate >= min_share                              (rate = failed units / units of the provider in the window)
--   rate >= baseline * baseline_factor and rate - baseline >= min_rise
--                                                  (baseline: the provider's rate over the baseline windows)
--   rate >= others_rate * others_factor            (others: all other providers in the same window; failures
--                                                   everywhere point at our side, not at one provider)
-- Runs of consecutive (so overlapping) flagged windows of a provider make one episode: the windows' span, trimmed to
-- its first and last failure and recounted there. An episode is a cluster when, over its whole span:
--   failed units >= min_failures and >= min_volume_share * units of all providers in the span
--   failed units / units >= min_share
-- It is classified by what its failed units say (DSNs and reply classes) and returned with its three most frequent
-- (normalised) replies, one row per reply.
-- Parameters: period_from, period_to, window_seconds (win), baseline_days, min_failures, min_volume_share, min_share,
-- baseline_factor, min_rise, others_factor, class_majority, hygiene_distinct_share, and the reply-class lists
-- auth_classes, policy_classes, throttling_classes, hygiene_classes (VARCHAR[]).
WITH att AS (
    SELECT a.provider, a.domain, a.msg_id, a.recipient, a."at", a.dsn, a.reply,
           a.status IN ('deferred', 'bounced', 'softbounce') AS failed,
           floor((epoch(a."at") - epoch(getvariable('period_from'))) / (getvariable('window_seconds') // 2))::BIGINT
               AS half
    FROM t_user_attempts a
    WHERE a.status IN ('sent', 'deferred', 'bounced', 'softbounce')
      AND a."at" >= getvariable('period_from') - to_days(getvariable('baseline_days'))
      AND a."at" < getvariable('period_to')),
units AS (
    SELECT provider, k, msg_id, recipient, bool_or(failed) AS failed
    FROM att, unnest([half - 1, half]) AS w(k)
    GROUP BY provider, k, msg_id, recipient),
per_window AS (
    SELECT provider, k, count(*) AS units, count_if(failed) AS failures FROM units GROUP BY provider, k),
baseline AS (
    SELECT provider, sum(failures) / sum(units) AS rate FROM per_window WHERE k <= -2 GROUP BY provider),
flagged AS (
    SELECT w.provider, w.k
    FROM per_window w
    JOIN (SELECT k, sum(units) AS units, sum(failures) AS failures FROM per_window GROUP BY k) al ON al.k = w.k
    LEFT JOIN baseline b ON b.provider = w.provider
    WHERE w.k >= 0 AND w.failures > 0
      AND w.failures / w.units >= getvariable('min_share')
      AND w.failures / w.units >= coalesce(b.rate, 0) * getvariable('baseline_factor')
      AND w.failures / w.units - coalesce(b.rate, 0) >= getvariable('min_rise')
      AND w.failures / w.units
          >= coalesce((al.failures - w.failures) / nullif(al.units - w.units, 0), 0) * getvariable('others_factor')),
runs AS (
    SELECT provider, min(k) AS k_first, max(k) AS k_last
    FROM (SELECT provider, k, k - row_number() OVER (PARTITION BY provider ORDER BY k) AS run FROM flagged)
    GROUP BY provider, run),
episodes AS (
    SELECT r.provider,
           any_value(getvariable('period_from') + to_seconds(r.k_first * (getvariable('window_seconds') // 2)))
               AS span_from,
           any_value(getvariable('period_from')
                     + to_seconds(r.k_last * (getvariable('window_seconds') // 2) + getvariable('window_seconds')))
               AS span_to,
           min(a."at") FILTER (WHERE a.failed) AS first_failure, max(a."at") FILTER (WHERE a.failed) AS last_failure
    FROM runs r JOIN att a ON a.provider = r.provider AND a.half >= r.k_first AND a.half <= r.k_last + 1
    GROUP BY r.provider, r.k_first),
in_episode AS (
    SELECT e.provider, e.span_from, e.span_to, e.first_failure, e.last_failure, a.domain, a.msg_id, a.recipient, a."at", a.dsn, a.reply,
           a.failed
    FROM episodes e JOIN att a ON a.provider = e.provider AND a."at" BETWEEN e.first_failure AND e.last_failure),
-- every provider's units in each episode's span, for the volume test
span_volume AS (
    SELECT e.provider, e.first_failure, count(DISTINCT (a.msg_id, a.recipient)) AS units
    FROM episodes e JOIN att a ON a."at" BETWEEN e.first_failure AND e.last_failure
    GROUP BY e.provider, e.first_failure),
-- one row per failed unit with the signals any of its failed attempts carried
failed_units AS (
    SELECT provider, first_failure, msg_id, recipient,
           bool_or(regexp_matches(coalesce(dsn, ''), '^[45]\.7\.2[0-6]$')
                   OR list_contains(getvariable('auth_classes'), reply_class(reply))) AS auth,
           bool_or(starts_with(coalesce(dsn, ''), '5.7.')
                   OR list_contains(getvariable('policy_classes'), reply_class(reply)))
               AS policy,
           bool_or(starts_with(coalesce(dsn, ''), '4.7.')
                   OR list_contains(getvariable('throttling_classes'), reply_class(reply)))
               AS throttling,
           bool_or(dsn = '5.1.1' OR list_contains(getvariable('hygiene_classes'), reply_class(reply))) AS hygiene
    FROM in_episode WHERE failed
    GROUP BY provider, first_failure, msg_id, recipient),
unit_counts AS (
    SELECT provider, first_failure, count(*) AS failed_units, count_if(auth) AS n_auth, count_if(policy) AS n_policy,
           count_if(throttling) AS n_throttling, count_if(hygiene) AS n_hygiene,
           count(DISTINCT recipient) FILTER (WHERE hygiene) AS hygiene_recipients
    FROM failed_units GROUP BY provider, first_failure),
episode_counts AS (
    SELECT provider, first_failure, any_value(last_failure) AS last_failure, any_value(span_from) AS span_from,
           any_value(span_to) AS span_to,
           count(DISTINCT (msg_id, recipient)) AS units,
           count(*) AS attempts,
           count_if(failed) AS failures,
           count(DISTINCT recipient) FILTER (WHERE failed) AS distinct_recipients,
           string_agg(DISTINCT domain, ', ' ORDER BY domain) FILTER (WHERE failed) AS domains
    FROM in_episode GROUP BY provider, first_failure),
clusters AS (
    SELECT e.*, u.failed_units,
           CASE WHEN n_auth >= failed_units * getvariable('class_majority') THEN 'authentication'
                WHEN n_policy >= failed_units * getvariable('class_majority') THEN 'policy'
                WHEN n_throttling >= failed_units * getvariable('class_majority') THEN 'throttling'
                WHEN n_hygiene >= failed_units * getvariable('class_majority')
                     AND hygiene_recipients >= n_hygiene * getvariable('hygiene_distinct_share') THEN 'list-hygiene'
                ELSE 'unclassified' END AS cluster_class
    FROM episode_counts e
    JOIN unit_counts u USING (provider, first_failure)
    JOIN span_volume v USING (provider, first_failure)
    WHERE u.failed_units >= getvariable('min_failures')
      AND u.failed_units >= v.units * getvariable('min_volume_share')
      AND u.failed_units / e.units >= getvariable('min_share')),
replies AS (
    SELECT * FROM (
        SELECT provider, first_failure,
               regexp_replace(regexp_replace(reply, '<[^>]*>', '<…>', 'g'), '[0-9A-Za-z_=+/-]{16,}', '…', 'g')
                   AS reply,
               coalesce(dsn, '') AS dsn, count(*) AS n
        FROM in_episode WHERE failed GROUP BY ALL)
    QUALIFY row_number() OVER (PARTITION BY provider, first_failure ORDER BY n DESC, reply) <= 3)
SELECT c.provider, c.span_from, c.span_to, c.first_failure, c.last_failure, c.units, c.failed_units, c.attempts, c.failures,
       c.distinct_recipients, c.domains, c.cluster_class,
       pct(c.failures, c.attempts) AS share_pct,
       round(100.0 * b.rate, 1) AS baseline_pct,
       cc.label, cc.advice,
       r.reply, r.dsn AS reply_dsn, r.n AS reply_count
FROM clusters c
LEFT JOIN baseline b ON b.provider = c.provider
LEFT JOIN ref_cluster_classes cc ON cc.cluster_class = c.cluster_class
LEFT JOIN replies r ON r.provider = c.provider AND r.first_failure = c.first_failure
ORDER BY c.failed_units DESC, c.provider, c.first_failure, r.n DESC, r.reply;

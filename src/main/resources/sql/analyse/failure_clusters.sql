-- Failure clusters: a provider whose delivery attempts fail far more than usual, concentrated in a short window.
-- Failures are deferred, bounced and soft-bounced attempts of user mail; attempts are those plus sent.
-- Windows of `win` seconds hop by win // 2 from the period start, so a spike across a boundary is seen whole in one.
-- A window is flagged for a provider when all hold (thresholds: ClusterSettings, explained there):
--   failures >= min_failures                       (a few failures are churn)
--   rate >= min_share                              (rate = failures / attempts in the window)
--   rate >= baseline * baseline_factor and rate - baseline >= min_rise
--                                                  (baseline: the provider's rate over the previous days)
--   rate >= others_rate * others_factor            (others: all other providers in the same window; failures
--                                                   everywhere point at our side, not at one provider)
-- Overlapping flagged windows of a provider merge into one cluster, recounted over the merged span, classified by
-- the DSNs and reply classes of its failures, and returned with its three most frequent (normalised) replies.
-- Parameters: from, to, win seconds, baseline days, min_failures, min_share, baseline_factor, min_rise,
-- others_factor, class_majority, hygiene_distinct_share, auth classes, policy classes, throttling classes,
-- hygiene classes (the reply-class lists as comma-separated text).
WITH p AS (
    SELECT CAST(? AS TIMESTAMPTZ) AS t_from, CAST(? AS TIMESTAMPTZ) AS t_to, CAST(? AS BIGINT) AS win,
           CAST(? AS INTEGER) AS baseline_days, CAST(? AS BIGINT) AS min_failures, CAST(? AS DOUBLE) AS min_share,
           CAST(? AS DOUBLE) AS baseline_factor, CAST(? AS DOUBLE) AS min_rise, CAST(? AS DOUBLE) AS others_factor,
           CAST(? AS DOUBLE) AS class_majority, CAST(? AS DOUBLE) AS hygiene_distinct_share,
           string_split(CAST(? AS VARCHAR), ',') AS auth_classes, string_split(CAST(? AS VARCHAR), ',') AS policy_classes,
           string_split(CAST(? AS VARCHAR), ',') AS throttling_classes,
           string_split(CAST(? AS VARCHAR), ',') AS hygiene_classes),
att AS (
    SELECT a.provider, a.domain, a.recipient, a."at", a.dsn, a.reply,
           a.status IN ('deferred', 'bounced', 'softbounce') AS failed,
           epoch(a."at") - epoch(p.t_from) AS s
    FROM v_user_attempts a, p
    WHERE a.status IN ('sent', 'deferred', 'bounced', 'softbounce')
      AND a."at" >= p.t_from - to_days(p.baseline_days) AND a."at" < p.t_to),
baseline AS (
    SELECT provider, count_if(failed) / count(*) AS rate
    FROM att WHERE s < 0 GROUP BY provider),
windowed AS (
    SELECT att.*, k
    FROM att, p, unnest([floor(s / (p.win // 2))::BIGINT - 1, floor(s / (p.win // 2))::BIGINT]) AS w(k)
    WHERE s >= 0 AND k >= 0),
per_window AS (
    SELECT provider, k, count(*) AS attempts, count_if(failed) AS failures FROM windowed GROUP BY provider, k),
flagged AS (
    SELECT w.provider, w.k
    FROM per_window w
    JOIN (SELECT k, sum(attempts) AS attempts, sum(failures) AS failures FROM per_window GROUP BY k) al ON al.k = w.k
    LEFT JOIN baseline b ON b.provider = w.provider, p
    WHERE w.failures >= p.min_failures
      AND w.failures / w.attempts >= p.min_share
      AND w.failures / w.attempts >= coalesce(b.rate, 0) * p.baseline_factor
      AND w.failures / w.attempts - coalesce(b.rate, 0) >= p.min_rise
      AND w.failures / w.attempts
          >= coalesce((al.failures - w.failures) / nullif(al.attempts - w.attempts, 0), 0) * p.others_factor),
spans AS (
    SELECT provider, min(k) AS k_first, max(k) AS k_last
    FROM (SELECT provider, k, k - row_number() OVER (PARTITION BY provider ORDER BY k) AS island FROM flagged)
    GROUP BY provider, island),
span_times AS (
    SELECT provider, p.t_from + to_seconds(k_first * (p.win // 2)) AS span_from,
           p.t_from + to_seconds(k_last * (p.win // 2) + p.win) AS span_to
    FROM spans, p),
in_span AS (
    SELECT st.provider, st.span_from, st.span_to, a.domain, a.recipient, a."at", a.dsn, a.reply, a.failed,
           reply_class(a.reply) AS reply_class
    FROM span_times st JOIN att a ON a.provider = st.provider AND a."at" >= st.span_from AND a."at" < st.span_to),
clusters AS (
    SELECT i.provider, i.span_from, i.span_to,
           count(*) AS attempts,
           count_if(failed) AS failures,
           count(DISTINCT recipient) FILTER (WHERE failed) AS distinct_recipients,
           min("at") FILTER (WHERE failed) AS first_failure,
           max("at") FILTER (WHERE failed) AS last_failure,
           count_if(failed AND (regexp_matches(coalesce(dsn, ''), '^[45]\.7\.2[0-6]$')
                                OR list_contains(p.auth_classes, reply_class))) AS n_auth,
           count_if(failed AND (regexp_matches(coalesce(dsn, ''), '^5\.7\.')
                                OR list_contains(p.policy_classes, reply_class))) AS n_policy,
           count_if(failed AND (regexp_matches(coalesce(dsn, ''), '^4\.7\.')
                                OR list_contains(p.throttling_classes, reply_class))) AS n_throttling,
           count_if(failed AND (dsn = '5.1.1' OR list_contains(p.hygiene_classes, reply_class))) AS n_hygiene,
           count(DISTINCT recipient) FILTER (WHERE failed AND (dsn = '5.1.1'
                                OR list_contains(p.hygiene_classes, reply_class))) AS hygiene_recipients,
           string_agg(DISTINCT domain, ', ' ORDER BY domain) FILTER (WHERE failed) AS domains
    FROM in_span i, p
    GROUP BY i.provider, i.span_from, i.span_to),
classified AS (
    SELECT c.*,
           CASE WHEN n_auth >= failures * p.class_majority THEN 'authentication'
                WHEN n_policy >= failures * p.class_majority THEN 'policy'
                WHEN n_throttling >= failures * p.class_majority THEN 'throttling'
                WHEN n_hygiene >= failures * p.class_majority
                     AND hygiene_recipients >= n_hygiene * p.hygiene_distinct_share THEN 'list-hygiene'
                ELSE 'unclassified' END AS cluster_class
    FROM clusters c, p),
replies AS (
    SELECT * FROM (
        SELECT provider, span_from,
               regexp_replace(regexp_replace(reply, '<[^>]*>', '<…>', 'g'), '[0-9A-Za-z_=+/-]{16,}', '…', 'g')
                   AS reply,
               coalesce(dsn, '') AS dsn, count(*) AS n
        FROM in_span WHERE failed GROUP BY ALL)
    QUALIFY row_number() OVER (PARTITION BY provider, span_from ORDER BY n DESC, reply) <= 3)
SELECT c.provider, c.span_from, c.span_to, c.first_failure, c.last_failure, c.attempts, c.failures,
       c.distinct_recipients, c.domains, c.cluster_class,
       pct(c.failures, c.attempts) AS share_pct,
       round(100.0 * b.rate, 1) AS baseline_pct,
       cc.label, cc.advice,
       r.reply, r.dsn AS reply_dsn, r.n AS reply_count
FROM classified c
LEFT JOIN baseline b ON b.provider = c.provider
LEFT JOIN ref_cluster_classes cc ON cc.cluster_class = c.cluster_class
LEFT JOIN replies r ON r.provider = c.provider AND r.span_from = c.span_from
ORDER BY c.failures DESC, c.provider, c.span_from, r.n DESC, r.reply;

-- Lookup macros over the reference tables (ref_*), created once per analysis on the report connection.

-- provider_of(domain, relay_host): the mailbox provider behind a destination. A relay-host match wins over a
-- domain match (a company domain hosted at a big provider is judged with that provider); a pattern matches the
-- name itself or any name ending in '.' || pattern; the longest matching pattern wins; no match -> the domain.
CREATE OR REPLACE TEMP MACRO provider_of(d, h) AS coalesce(
    (SELECT arg_max(p.provider, length(p.pattern)) FROM ref_providers p
      WHERE p.kind = 'relay' AND h IS NOT NULL
        AND (lower(h) = lower(p.pattern) OR suffix(lower(h), '.' || lower(p.pattern)))),
    (SELECT arg_max(p.provider, length(p.pattern)) FROM ref_providers p
      WHERE p.kind = 'domain' AND d IS NOT NULL
        AND (lower(d) = lower(p.pattern) OR suffix(lower(d), '.' || lower(p.pattern)))),
    lower(d));

-- reply_class(reply): the reason class of a remote reply or reject reason; the lowest matching priority wins.
CREATE OR REPLACE TEMP MACRO reply_class(r) AS coalesce(
    (SELECT arg_min(rr.reason_class, rr.priority) FROM ref_reply_rules rr
      WHERE r IS NOT NULL AND regexp_matches(r, rr.pattern, 'i')),
    'other');

-- dsn_meaning(dsn_code): the exact code, else its 'class.subject', else its 'class'.
CREATE OR REPLACE TEMP MACRO dsn_meaning(dsn_code) AS coalesce(
    (SELECT any_value(c.meaning) FROM ref_dsn_codes c WHERE c.code = dsn_code),
    (SELECT any_value(c.meaning) FROM ref_dsn_codes c
      WHERE c.code = split_part(dsn_code, '.', 1) || '.' || split_part(dsn_code, '.', 2)),
    (SELECT any_value(c.meaning) FROM ref_dsn_codes c WHERE c.code = split_part(dsn_code, '.', 1)));

CREATE OR REPLACE TEMP MACRO dsn_advice(dsn_code) AS coalesce(
    (SELECT any_value(c.advice) FROM ref_dsn_codes c WHERE c.code = dsn_code),
    (SELECT any_value(c.advice) FROM ref_dsn_codes c
      WHERE c.code = split_part(dsn_code, '.', 1) || '.' || split_part(dsn_code, '.', 2)),
    (SELECT any_value(c.advice) FROM ref_dsn_codes c WHERE c.code = split_part(dsn_code, '.', 1)));

-- pct(part, whole): a percentage with one decimal, NULL when there is nothing to divide.
CREATE OR REPLACE TEMP MACRO pct(part, whole) AS round(100.0 * part / nullif(whole, 0), 1);

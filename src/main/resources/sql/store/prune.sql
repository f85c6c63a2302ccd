-- prune: retention. Rolls the detail rows older than getvariable('prune_cut') up into daily_rollups, then deletes
-- them. Messages still open are kept (a later run completes them). Runs and the ledger are kept: they are small and
-- the ledger must remember old files so they are never read twice.
INSERT INTO daily_rollups (day, host, metric, domain, status, count)
SELECT CAST(first_at AS DATE), host, 'messages', NULL, state, count(*)
FROM messages
WHERE last_at < getvariable('prune_cut') AND state <> 'open'
GROUP BY ALL;

INSERT INTO daily_rollups (day, host, metric, domain, status, count)
SELECT CAST(coalesce(r.final_at, m.last_at) AS DATE), m.host, 'recipients', r.domain, r.status, count(*)
FROM recipients r
JOIN messages m ON m.msg_id = r.msg_id
WHERE m.last_at < getvariable('prune_cut') AND m.state <> 'open'
GROUP BY ALL;

INSERT INTO daily_rollups (day, host, metric, domain, status, count)
SELECT CAST("at" AS DATE), host, 'rejects',
       CASE WHEN contains(recipient, '@') THEN lower(split_part(recipient, '@', -1)) END, kind, count(*)
FROM rejects
WHERE "at" < getvariable('prune_cut')
GROUP BY ALL;

DELETE FROM recipients WHERE msg_id IN
    (SELECT msg_id FROM messages WHERE last_at < getvariable('prune_cut') AND state <> 'open');
DELETE FROM attempts WHERE msg_id IN
    (SELECT msg_id FROM messages WHERE last_at < getvariable('prune_cut') AND state <> 'open');
DELETE FROM notifications WHERE msg_id IN
    (SELECT msg_id FROM messages WHERE last_at < getvariable('prune_cut') AND state <> 'open');
DELETE FROM messages WHERE last_at < getvariable('prune_cut') AND state <> 'open';
DELETE FROM rejects WHERE "at" < getvariable('prune_cut');
DELETE FROM line_kinds WHERE run_id IN (SELECT run_id FROM runs WHERE started_at < getvariable('prune_cut'));

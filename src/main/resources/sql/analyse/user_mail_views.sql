-- What counts as user mail, defined once for every analyse query.
-- Left out: address-verification probes (messages.probe), notifications Postfix itself sends (link_kind =
-- 'notification'; counted apart as NDRs), and hand-offs to a local content filter (recipients.via_filter): the
-- real delivery of such a recipient is on the re-injected copy, which is kept here.

-- v_user_recipients: one row per user-mail recipient outcome; final_at is when its latest outcome was logged
-- (for a recipient still queued: its latest deferral). deferrals = how many deferred attempts it had.
CREATE OR REPLACE TEMP VIEW v_user_recipients AS
SELECT r.msg_id,
       r.recipient,
       coalesce(lower(r.domain), lower(split_part(r.recipient, '@', -1))) AS domain,
       r.status,
       r.dsn,
       r.relay,
       lower(split_part(r.relay, '[', 1)) AS relay_host,
       r.reply,
       r.final_at,
       r.delay_s,
       coalesce(d.deferrals, 0) AS deferrals,
       m.state,
       m.sender,
       m.first_at,
       m.host,
       m.queue_id,
       provider_of(coalesce(lower(r.domain), lower(split_part(r.recipient, '@', -1))),
                   lower(split_part(r.relay, '[', 1))) AS provider
FROM recipients r
JOIN messages m ON m.msg_id = r.msg_id
LEFT JOIN (SELECT msg_id, recipient, count(*) AS deferrals
             FROM attempts WHERE status = 'deferred' GROUP BY msg_id, recipient) d
       ON d.msg_id = r.msg_id AND d.recipient = r.recipient
WHERE NOT coalesce(r.via_filter, false)
  AND NOT coalesce(m.probe, false)
  AND m.link_kind IS DISTINCT FROM 'notification';

-- v_user_attempts: every delivery attempt of user mail, with the recipient's domain and provider.
CREATE OR REPLACE TEMP VIEW v_user_attempts AS
SELECT a.msg_id,
       a.recipient,
       coalesce(lower(r.domain), lower(split_part(a.recipient, '@', -1))) AS domain,
       a."at",
       a.status,
       a.dsn,
       a.reply,
       lower(a.relay_host) AS relay_host,
       m.sender,
       provider_of(coalesce(lower(r.domain), lower(split_part(a.recipient, '@', -1))), lower(a.relay_host)) AS provider
FROM attempts a
JOIN recipients r ON r.msg_id = a.msg_id AND r.recipient = a.recipient
JOIN messages m ON m.msg_id = a.msg_id
WHERE NOT coalesce(r.via_filter, false)
  AND NOT coalesce(m.probe, false)
  AND m.link_kind IS DISTINCT FROM 'notification';

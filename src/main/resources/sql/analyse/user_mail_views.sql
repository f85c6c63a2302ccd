-- What counts as user mail, defined once for every analyse query and materialised once per analysis (every query
-- reads these tables instead of joining messages, recipients and attempts again). Only the history the queries look
-- at is kept: recipients whose outcome was logged since getvariable('recipients_from') and attempts since
-- getvariable('attempts_from'), which Analyser sets to the earliest bound of any query.
-- Left out: address-verification probes (messages.probe), notifications Postfix itself sends (link_kind =
-- 'notification'; counted apart as NDRs), and hand-offs to a local content filter (recipients.via_filter): the
-- real delivery of such a recipient is on the re-injected copy, which is kept here.

-- Providers looked up once per distinct relay host and domain (a per-row lookup tests every pattern of
-- ref_providers against every row).
CREATE OR REPLACE TEMP TABLE t_relay_providers AS
SELECT relay_host, provider_match('relay', relay_host) AS provider
FROM (SELECT DISTINCT lower(relay_host) AS relay_host FROM attempts
       WHERE relay_host IS NOT NULL AND "at" >= getvariable('attempts_from')
      UNION SELECT DISTINCT lower(split_part(relay, '[', 1)) FROM recipients
       WHERE relay IS NOT NULL AND final_at >= getvariable('recipients_from'));

CREATE OR REPLACE TEMP TABLE t_domain_providers AS
SELECT domain, provider_match('domain', domain) AS provider
FROM (SELECT DISTINCT coalesce(lower(domain), lower(split_part(recipient, '@', -1))) AS domain FROM recipients
       WHERE final_at >= getvariable('recipients_from') OR msg_id IN (SELECT msg_id FROM attempts
                                                                      WHERE "at" >= getvariable('attempts_from')));

-- t_user_recipients: one row per user-mail recipient outcome; final_at is when its latest outcome was logged
-- (for a recipient still queued: its latest deferral). deferrals = how many deferred attempts it had.
CREATE OR REPLACE TEMP TABLE t_user_recipients AS
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
       coalesce(rp.provider, dp.provider, coalesce(lower(r.domain), lower(split_part(r.recipient, '@', -1))))
           AS provider
FROM recipients r
JOIN messages m ON m.msg_id = r.msg_id
LEFT JOIN (SELECT msg_id, recipient, count(*) AS deferrals
             FROM attempts WHERE status = 'deferred'
              AND msg_id IN (SELECT msg_id FROM recipients WHERE final_at >= getvariable('recipients_from'))
             GROUP BY msg_id, recipient) d
       ON d.msg_id = r.msg_id AND d.recipient = r.recipient
LEFT JOIN t_relay_providers rp ON rp.relay_host = lower(split_part(r.relay, '[', 1))
LEFT JOIN t_domain_providers dp ON dp.domain = coalesce(lower(r.domain), lower(split_part(r.recipient, '@', -1)))
WHERE r.final_at >= getvariable('recipients_from')
  AND NOT coalesce(r.via_filter, false)
  AND NOT coalesce(m.probe, false)
  AND m.link_kind IS DISTINCT FROM 'notification';

-- t_user_attempts: every delivery attempt of user mail, with the recipient's domain and provider.
CREATE OR REPLACE TEMP TABLE t_user_attempts AS
SELECT a.msg_id,
       a.recipient,
       coalesce(lower(r.domain), lower(split_part(a.recipient, '@', -1))) AS domain,
       a."at",
       a.status,
       a.dsn,
       a.reply,
       lower(a.relay_host) AS relay_host,
       m.sender,
       coalesce(rp.provider, dp.provider, coalesce(lower(r.domain), lower(split_part(a.recipient, '@', -1))))
           AS provider
FROM attempts a
JOIN recipients r ON r.msg_id = a.msg_id AND r.recipient = a.recipient
JOIN messages m ON m.msg_id = a.msg_id
LEFT JOIN t_relay_providers rp ON rp.relay_host = lower(a.relay_host)
LEFT JOIN t_domain_providers dp ON dp.domain = coalesce(lower(r.domain), lower(split_part(a.recipient, '@', -1)))
WHERE a."at" >= getvariable('attempts_from')
  AND NOT coalesce(r.via_filter, false)
  AND NOT coalesce(m.probe, false)
  AND m.link_kind IS DISTINCT FROM 'notification';

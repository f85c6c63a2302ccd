-- Headline totals for the period. Parameters: period_from, period_to (the period [from, to)).
-- Messages received: user messages that entered the queue in the period (first_at); re-injected copies,
-- notifications, probes and messages cleanup/a milter refused (those are counted as rejects) are left out.
-- Recipient outcomes: user recipients whose latest outcome was logged in the period (final_at); the outcome
-- counts partition them (delivered + bounced + expired + still_queued + deleted + other = recipients).
WITH received AS (
    SELECT count(*) AS messages, coalesce(sum(greatest(m.size, 0)), 0) AS bytes
    FROM messages m
    WHERE m.first_at >= getvariable('period_from') AND m.first_at < getvariable('period_to')
      AND m.link_kind IS NULL AND NOT coalesce(m.probe, false) AND m.state IS DISTINCT FROM 'rejected'),
outcomes AS (
    SELECT count(*) AS recipients,
           count_if(status = 'sent') AS delivered,
           count_if(deferrals > 0) AS deferred_once,
           count_if(status = 'bounced') AS bounced,
           count_if(status = 'expired') AS expired,
           count_if(status = 'deferred' AND state = 'open') AS still_queued,
           count_if(status = 'deleted') AS deleted
    FROM t_user_recipients
    WHERE final_at >= getvariable('period_from') AND final_at < getvariable('period_to')),
rejected AS (
    SELECT count_if(kind IN ('reject', 'milter-reject')) AS rejects,
           count_if(kind = 'reject_warning') AS reject_warnings
    FROM rejects
    WHERE "at" >= getvariable('period_from') AND "at" < getvariable('period_to')),
ndr AS (
    SELECT count(*) AS ndrs FROM notifications
    WHERE kind = 'non_delivery' AND "at" >= getvariable('period_from') AND "at" < getvariable('period_to'))
SELECT received.messages, received.bytes,
       outcomes.recipients, outcomes.delivered, outcomes.deferred_once, outcomes.bounced, outcomes.expired,
       outcomes.still_queued, outcomes.deleted,
       outcomes.recipients - outcomes.delivered - outcomes.bounced - outcomes.expired
           - outcomes.still_queued - outcomes.deleted AS other,
       rejected.rejects, rejected.reject_warnings, ndr.ndrs
FROM received, outcomes, rejected, ndr;

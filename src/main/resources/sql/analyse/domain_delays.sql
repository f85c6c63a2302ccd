-- Delivery delays per domain for deliveries in the period: delay= percentiles (seconds since the message
-- arrived), and the mean of the delays=a/b/c/d split (before the queue manager, in it, connection set-up,
-- transmission). Busiest domains first. Parameters: period_from, period_to, row_limit.
SELECT coalesce(lower(r.domain), lower(split_part(a.recipient, '@', -1))) AS domain,
       count(*) AS deliveries,
       quantile_cont(a.delay_s, 0.5) AS p50, quantile_cont(a.delay_s, 0.95) AS p95,
       quantile_cont(a.delay_s, 0.99) AS p99, max(a.delay_s) AS max_delay,
       avg(a.delay_before_qmgr) AS avg_before_qmgr, avg(a.delay_in_qmgr) AS avg_in_qmgr,
       avg(a.delay_connect) AS avg_connect, avg(a.delay_transmit) AS avg_transmit
FROM attempts a
JOIN recipients r ON r.msg_id = a.msg_id AND r.recipient = a.recipient
JOIN messages m ON m.msg_id = a.msg_id
WHERE a.status = 'sent' AND a."at" >= getvariable('period_from') AND a."at" < getvariable('period_to')
  AND NOT coalesce(r.via_filter, false) AND NOT coalesce(m.probe, false)
  AND m.link_kind IS DISTINCT FROM 'notification'
GROUP BY 1
ORDER BY deliveries DESC, domain
LIMIT getvariable('row_limit');

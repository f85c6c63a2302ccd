-- Notifications Postfix sent in the period and how the non-delivery reports themselves fared: an NDR that
-- bounces usually went to a forged sender (backscatter). Parameters: period_from, period_to.
WITH sent AS (
    SELECT count_if(kind = 'non_delivery') AS non_delivery,
           count_if(kind = 'delay') AS delay,
           count_if(kind = 'success') AS success
    FROM notifications
    WHERE "at" >= getvariable('period_from') AND "at" < getvariable('period_to')),
fate AS (
    SELECT count_if(r.status = 'sent') AS delivered,
           count_if(r.status IN ('bounced', 'expired')) AS failed
    FROM recipients r JOIN messages m ON m.msg_id = r.msg_id
    WHERE m.link_kind = 'notification' AND m.notification_kind = 'non_delivery'
      AND r.final_at >= getvariable('period_from') AND r.final_at < getvariable('period_to'))
SELECT non_delivery, delay, success, delivered, failed FROM sent, fate;

-- The reply classification rules in the order they are tried (ref_reply_rules.priority is each rule's rank), from
-- which Analyser generates the reply_class macro.
SELECT pattern, reason_class FROM ref_reply_rules ORDER BY priority, pattern;

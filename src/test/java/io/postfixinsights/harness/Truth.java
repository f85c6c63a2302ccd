package io.postfixinsights.harness;

import io.postfixinsights.harness.HarnessRun.Performed;
import io.postfixinsights.harness.HarnessRun.Queued;
import io.postfixinsights.harness.HarnessRun.Submitted;
import io.postfixinsights.harness.Journal.Entry;
import io.postfixinsights.harness.Scenario.Destination;
import io.postfixinsights.harness.Scenario.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What really happened in a harness run, from the scenario's plan, the far ends' journal and the queue at stop —
 * never from the log. Written as {@code truth.json} next to the logs; the format is in docs/HARNESS.md.
 */
record Truth(
        int formatVersion,
        String scenario,
        String description,
        String postfixVersion,
        String zone,
        Instant start,
        Instant stop,
        List<String> logs,
        Totals totals,
        List<Message> messages,
        List<Reject> rejects,
        List<Ndr> ndrs,
        List<Episode> episodes,
        List<Performed> actions,
        List<String> expectationMismatches) {

    /** Outcomes of a recipient the instance accepted. */
    static final List<String> OUTCOMES = List.of("sent", "bounced", "expired", "queued", "held", "deleted");

    /**
     * Counts over the accepted recipients ({@code recipients} = the sum of the outcomes), the queued messages, the
     * pre-queue rejects (one per refused RCPT, or per refused MAIL) and the NDRs the senders' server received.
     * {@code deferredAtLeastOnceMin/Max}: recipients with at least one temporary failure; exact when both agree,
     * a range when a connection-level 4xx (greeting) cannot be pinned to the recipients Postfix was trying then.
     */
    record Totals(
            int messages,
            int recipients,
            int sent,
            int bounced,
            int expired,
            int queued,
            int held,
            int deleted,
            int rejects,
            int ndrs,
            int deferredAtLeastOnceMin,
            int deferredAtLeastOnceMax,
            Map<String, Map<String, Integer>> byDomain) {}

    /** A planned message: how it was submitted and each recipient's final outcome. */
    record Message(
            String id,
            String traffic,
            String messageId,
            String via,
            String client,
            String sender,
            Instant submittedAt,
            String queueId,
            List<Recipient> recipients) {}

    /**
     * {@code outcome}: sent, bounced, expired, queued (still in the queue at stop), held, deleted, rejected (before
     * queueing), or error (the harness could not submit it); {@code at}, {@code code}, {@code dsn}, {@code reply}: the deciding reply and when it was given;
     * {@code relay}: the destination host; {@code deferrals}: temporary failures the far end gave this recipient.
     */
    record Recipient(
            String address,
            String domain,
            String outcome,
            Instant at,
            String relay,
            Integer code,
            String dsn,
            String reply,
            int deferrals,
            boolean deferredAtLeastOnce,
            boolean deferralUncertain) {}

    /** A refusal at the SMTP door, as the client was told, and the restriction the plan meant to trigger. */
    record Reject(
            Instant at,
            String client,
            String stage,
            String sender,
            String recipient,
            int code,
            String dsn,
            String reply,
            String reason,
            String message) {}

    /** A non-delivery report the senders' server received: to whom, and which planned message it reports. */
    record Ndr(Instant at, String to, String regarding) {}

    /**
     * A scripted episode: the provider, the signal class, the script's window and what the responder actually
     * answered in it (first and last reply, replies given, distinct recipients among them, the reply texts).
     */
    record Episode(
            String name,
            String provider,
            String destination,
            String signalClass,
            Instant scriptedFrom,
            Instant scriptedUntil,
            Instant firstReply,
            Instant lastReply,
            int replies,
            int distinctRecipients,
            int plannedRecipients,
            Set<String> senderDomains,
            Set<String> dsns,
            String sampleReply) {}

    private static final Pattern DSN = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    static Truth build(
            Scenario s,
            Instant start,
            Instant stop,
            String version,
            Collection<Submitted> submitted,
            List<Performed> performed,
            List<Entry> journal,
            List<Queued> queuedAtStop,
            List<String> logs) {
        Map<String, Destination> byDomain = new HashMap<>();
        for (Destination d : s.destinations()) {
            d.domains().forEach(dom -> byDomain.put(dom.toLowerCase(Locale.ROOT), d));
        }
        Map<String, List<Entry>> remote = new HashMap<>();
        Map<String, List<Entry>> client = new HashMap<>();
        List<Entry> connectionFailures = new ArrayList<>();
        for (Entry e : journal) {
            if (e.party().equals("client")) {
                client.computeIfAbsent(e.messageId(), x -> new ArrayList<>()).add(e);
            } else if (!e.party().equals("filter")) {
                if (e.recipient() != null) {
                    remote.computeIfAbsent(e.recipient().toLowerCase(Locale.ROOT), x -> new ArrayList<>())
                            .add(e);
                } else if (e.code() >= 400) {
                    connectionFailures.add(e);
                }
            }
        }
        Map<String, Queued> queued = new HashMap<>();
        queuedAtStop.forEach(q -> q.recipients().forEach(r -> queued.put(r, q)));
        Set<String> deleted = new LinkedHashSet<>();
        performed.stream()
                .filter(p -> p.kind().equals("delete") && p.exit() == 0)
                .forEach(p -> deleted.add(p.message()));

        List<Message> messages = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        List<Submitted> ordered =
                submitted.stream().sorted(Comparator.comparing(Submitted::at)).toList();
        for (Submitted m : ordered) {
            List<Entry> said = client.getOrDefault(m.messageId(), List.of());
            Entry refusedAll = said.stream()
                    .filter(e -> e.recipient() == null && e.code() >= 400)
                    .findFirst()
                    .orElse(null);
            List<Recipient> recipients = new ArrayList<>();
            for (String address : m.recipients()) {
                String rcpt = address.toLowerCase(Locale.ROOT);
                String domain = rcpt.substring(rcpt.indexOf('@') + 1);
                Entry refused = refusedAll != null
                        ? refusedAll
                        : said.stream()
                                .filter(e -> rcpt.equalsIgnoreCase(e.recipient()) && e.code() >= 400)
                                .findFirst()
                                .orElse(null);
                Entry failed = said.stream()
                        .filter(e -> e.stage().equals("error"))
                        .findFirst()
                        .orElse(null);
                Recipient r;
                if (failed != null) {
                    r = new Recipient(
                            address, domain, "error", failed.at(), null, null, null, failed.reply(), 0, false, false);
                } else if (refused != null || said.isEmpty()) {
                    r = new Recipient(
                            address,
                            domain,
                            "rejected",
                            refused != null ? refused.at() : null,
                            null,
                            refused != null ? refused.code() : null,
                            refused != null ? dsn(refused.reply()) : null,
                            refused != null ? refused.reply() : "no reply journalled",
                            0,
                            false,
                            false);
                    if (refused != null && (refusedAll == null || recipients.isEmpty())) {
                        rejects.add(new Reject(
                                refused.at(),
                                refused.peer(),
                                refused.stage().toUpperCase(Locale.ROOT),
                                m.traffic().sender(),
                                refusedAll != null ? null : address,
                                refused.code(),
                                dsn(refused.reply()),
                                refused.reply(),
                                m.traffic().reason(),
                                m.messageId()));
                    }
                } else {
                    r = outcome(
                            address,
                            domain,
                            byDomain.get(domain),
                            remote.getOrDefault(rcpt, List.of()),
                            queued.get(rcpt),
                            deleted.contains(id(m)),
                            m,
                            connectionFailures,
                            stop);
                }
                recipients.add(r);
                String expected = expected(m, address);
                if (expected != null && !expected.equals(r.outcome())) {
                    mismatches.add(id(m) + " " + address + ": expected " + expected + ", was " + r.outcome());
                }
            }
            messages.add(new Message(
                    id(m),
                    m.traffic().id(),
                    m.messageId(),
                    m.traffic().via().name().toLowerCase(Locale.ROOT),
                    m.traffic().via() == Scenario.Via.SENDMAIL
                            ? null
                            : m.traffic().client(),
                    m.traffic().sender(),
                    m.at(),
                    m.queueId(),
                    recipients));
        }
        List<Ndr> ndrs = journal.stream()
                .filter(e -> !e.party().equals("client")
                        && !e.party().equals("filter")
                        && e.stage().equals("data-end")
                        && e.code() < 400
                        && e.sender() != null
                        && e.sender().isEmpty())
                .map(e -> new Ndr(e.at(), e.recipient(), e.messageId()))
                .toList();
        return new Truth(
                1,
                s.name(),
                s.description(),
                version,
                "UTC",
                start,
                stop,
                logs,
                totals(messages, rejects, ndrs),
                messages,
                rejects,
                ndrs,
                episodes(s, start, stop, journal, messages),
                performed,
                mismatches);
    }

    private static Recipient outcome(
            String address,
            String domain,
            Destination d,
            List<Entry> said,
            Queued inQueue,
            boolean deleted,
            Submitted m,
            List<Entry> connectionFailures,
            Instant stop) {
        int deferrals = (int)
                said.stream().filter(e -> e.code() >= 400 && e.code() < 500).count();
        Entry last = said.isEmpty() ? null : said.get(said.size() - 1);
        Entry decided = said.stream()
                .filter(e -> e.code() >= 500 || (e.code() < 400 && e.stage().equals("data-end")))
                .findFirst()
                .orElse(null);
        String outcome;
        Entry shown = decided != null ? decided : last;
        if (decided != null) {
            outcome = decided.code() >= 500 ? "bounced" : "sent";
        } else if (deleted) {
            outcome = "deleted";
        } else if (inQueue != null) {
            outcome = inQueue.queueName().equals("hold") ? "held" : "queued";
        } else {
            outcome = "expired";
        }
        boolean deferred = deferrals > 0 || (d != null && d.refuse());
        // a connection-level 4xx (greeting) at its destination while it waited may or may not have been its own
        Instant waitEnd = decided != null ? decided.at() : stop;
        boolean uncertain = !deferred
                && d != null
                && connectionFailures.stream()
                        .anyMatch(e -> e.party().equals(d.name())
                                && e.code() < 500
                                && !e.at().isBefore(m.at())
                                && e.at().isBefore(waitEnd));
        return new Recipient(
                address,
                domain,
                outcome,
                shown != null ? shown.at() : null,
                d != null ? d.host() : null,
                shown != null ? shown.code() : null,
                shown != null ? dsn(shown.reply()) : null,
                shown != null ? shown.reply() : null,
                deferrals,
                deferred,
                uncertain);
    }

    private static Totals totals(List<Message> messages, List<Reject> rejects, List<Ndr> ndrs) {
        Map<String, Integer> count = new LinkedHashMap<>();
        OUTCOMES.forEach(o -> count.put(o, 0));
        Map<String, Map<String, Integer>> byDomain = new TreeMap<>();
        int accepted = 0;
        int deferMin = 0;
        int deferMax = 0;
        for (Message m : messages) {
            boolean queuedMessage = false;
            for (Recipient r : m.recipients()) {
                if (!OUTCOMES.contains(r.outcome())) {
                    continue;
                }
                queuedMessage = true;
                count.merge(r.outcome(), 1, Integer::sum);
                Map<String, Integer> dom = byDomain.computeIfAbsent(r.domain(), x -> {
                    Map<String, Integer> z = new LinkedHashMap<>();
                    OUTCOMES.forEach(o -> z.put(o, 0));
                    z.put("recipients", 0);
                    return z;
                });
                dom.merge(r.outcome(), 1, Integer::sum);
                dom.merge("recipients", 1, Integer::sum);
                deferMin += r.deferredAtLeastOnce() ? 1 : 0;
                deferMax += r.deferredAtLeastOnce() || r.deferralUncertain() ? 1 : 0;
            }
            accepted += queuedMessage ? 1 : 0;
        }
        int recipients = count.values().stream().mapToInt(Integer::intValue).sum();
        return new Totals(
                accepted,
                recipients,
                count.get("sent"),
                count.get("bounced"),
                count.get("expired"),
                count.get("queued"),
                count.get("held"),
                count.get("deleted"),
                rejects.size(),
                ndrs.size(),
                deferMin,
                deferMax,
                byDomain);
    }

    private static List<Episode> episodes(
            Scenario s, Instant start, Instant stop, List<Entry> journal, List<Message> messages) {
        List<Episode> episodes = new ArrayList<>();
        for (Destination d : s.destinations()) {
            if (d.refuse()) {
                List<Recipient> planned = recipientsOf(messages, d);
                episodes.add(new Episode(
                        d.name() + "-unreachable",
                        d.provider(),
                        d.name(),
                        d.episodeClass() != null ? d.episodeClass() : "unreachable",
                        start,
                        stop,
                        null,
                        null,
                        0,
                        0,
                        planned.size(),
                        senderDomains(messages, d),
                        Set.of(),
                        "connect refused (no listener)"));
                continue;
            }
            Map<String, List<Rule>> byName = new LinkedHashMap<>();
            for (Rule r : d.rules()) {
                if (r.episode() != null) {
                    byName.computeIfAbsent(r.episode(), x -> new ArrayList<>()).add(r);
                }
            }
            byName.forEach((name, rules) -> {
                List<Entry> replies = journal.stream()
                        .filter(e -> e.party().equals(d.name()) && name.equals(e.episode()))
                        .toList();
                Rule first = rules.get(0);
                Set<String> dsns = new LinkedHashSet<>();
                Set<String> senders = new LinkedHashSet<>();
                replies.forEach(e -> {
                    String x = dsn(e.reply());
                    if (x != null) {
                        dsns.add(x);
                    }
                    if (e.sender() != null) {
                        senders.add(e.sender().substring(e.sender().indexOf('@') + 1));
                    }
                });
                episodes.add(new Episode(
                        name,
                        d.provider(),
                        d.name(),
                        first.episodeClass(),
                        first.from() != null ? start.plus(first.from()) : start,
                        first.until() != null ? start.plus(first.until()) : stop,
                        replies.isEmpty() ? null : replies.get(0).at(),
                        replies.isEmpty()
                                ? null
                                : replies.get(replies.size() - 1).at(),
                        replies.size(),
                        (int) replies.stream()
                                .map(Entry::recipient)
                                .filter(r -> r != null)
                                .distinct()
                                .count(),
                        (int) recipientsOf(messages, d).stream()
                                .filter(r ->
                                        rules.stream().anyMatch(rule -> Scenario.glob(rule.recipient(), r.address())))
                                .count(),
                        senders,
                        dsns,
                        replies.isEmpty() ? null : replies.get(0).reply()));
            });
        }
        return episodes;
    }

    private static List<Recipient> recipientsOf(List<Message> messages, Destination d) {
        return messages.stream()
                .flatMap(m -> m.recipients().stream())
                .filter(r -> d.domains().contains(r.domain()) && OUTCOMES.contains(r.outcome()))
                .toList();
    }

    private static Set<String> senderDomains(List<Message> messages, Destination d) {
        Set<String> out = new LinkedHashSet<>();
        messages.stream()
                .filter(m -> m.recipients().stream().anyMatch(r -> d.domains().contains(r.domain())))
                .forEach(m -> out.add(m.sender().substring(m.sender().indexOf('@') + 1)));
        return out;
    }

    private static String expected(Submitted m, String address) {
        for (Map.Entry<String, String> e : m.traffic().expect().entrySet()) {
            if (Scenario.glob(e.getKey(), address)) {
                return e.getValue();
            }
        }
        return null;
    }

    static String id(Submitted m) {
        return m.traffic().count() == 1 ? m.traffic().id() : m.traffic().id() + "-" + m.k();
    }

    static String dsn(String reply) {
        if (reply == null) {
            return null;
        }
        Matcher x = DSN.matcher(reply);
        return x.find() && x.group(1).charAt(0) == reply.charAt(0) ? x.group(1) : null;
    }
}

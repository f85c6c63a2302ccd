package io.postfixinsights.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.testsupport.JarRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Runs the packaged jar on a log set that a real Postfix wrote and compares its summary.json and {@code trace --json}
 * with the set's truth.json, figure by figure: totals, per-domain outcomes, every recipient's outcome, every
 * pre-queue reject, every NDR. Subclasses say where the logs come from (a live harness run, or a saved fixture).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TruthCheck {

    @TempDir
    static Path work;

    JsonNode truth;
    JarRun report;
    JsonNode summary;
    /** Top-level trace messages (not notifications, not re-injected copies) by Message-ID, brackets included. */
    final Map<String, List<JsonNode>> traced = new HashMap<>();

    final List<JsonNode> tracedRejects = new ArrayList<>();

    /** The directory holding mail.log* and truth.json. */
    abstract Path logs() throws Exception;

    @BeforeAll
    void runTheJar() throws Exception {
        Path logs = logs();
        truth = HarnessRun.JSON.readTree(logs.resolve("truth.json").toFile());
        report = JarRun.run(
                work,
                "report",
                "--logs",
                logs + "/mail.log*",
                "--db",
                "history.duckdb",
                "--out",
                "out",
                "--zone",
                truth.path("zone").asString(),
                "--days",
                "0",
                "--no-mail");
        assertThat(report.exitCode()).as(report.stderr()).isZero();
        try (var days = Files.list(work.resolve("out"))) {
            Path dir = days.filter(d -> d.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}"))
                    .findFirst()
                    .orElseThrow();
            summary = HarnessRun.JSON
                    .readTree(dir.resolve("summary.json").toFile())
                    .get("analysis");
        }
        // one trace per client address (its messages and its rejects), and per sender of mail that came by sendmail
        Set<List<String>> queries = new LinkedHashSet<>();
        truth.path("messages")
                .forEach(m -> queries.add(
                        m.path("client").isNull()
                                ? List.of("--sender", m.path("sender").asString())
                                : List.of("--client", m.path("client").asString())));
        truth.path("rejects")
                .forEach(r -> queries.add(List.of("--client", r.path("client").asString())));
        Set<String> rejectsSeen = new LinkedHashSet<>();
        for (List<String> query : queries) {
            JsonNode found = trace(query.toArray(String[]::new));
            for (JsonNode m : found.path("messages")) {
                List<JsonNode> copies =
                        traced.computeIfAbsent("<" + m.path("messageId").asString() + ">", x -> new ArrayList<>());
                if (copies.stream().noneMatch(c -> c.path("msgId").equals(m.path("msgId")))) {
                    copies.add(m);
                }
            }
            for (JsonNode r : found.path("rejects")) {
                if (rejectsSeen.add(r.path("rawLine").asString())) {
                    tracedRejects.add(r);
                }
            }
        }
    }

    private JsonNode trace(String... query) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("trace", "--db", "history.duckdb", "--json", "--limit", "100000"));
        args.addAll(List.of(query));
        JarRun t = JarRun.run(work, args.toArray(String[]::new));
        assertThat(t.exitCode())
                .as("trace %s: %s", String.join(" ", query), t.stderr())
                .isZero();
        return HarnessRun.JSON.readTree(t.stdout());
    }

    @Test
    void the_run_went_as_the_scenario_planned() {
        assertThat(truth.path("expectationMismatches"))
                .as("outcomes the scenario expected but did not get")
                .isEmpty();
    }

    @Test
    void totals_are_the_truth() {
        JsonNode t = truth.path("totals");
        JsonNode s = summary.path("totals");
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(s.path("messagesReceived").asInt())
                .as("messagesReceived")
                .isEqualTo(t.path("messages").asInt());
        softly.assertThat(s.path("recipients").asInt())
                .as("recipients")
                .isEqualTo(t.path("recipients").asInt());
        softly.assertThat(s.path("delivered").asInt())
                .as("delivered")
                .isEqualTo(t.path("sent").asInt());
        softly.assertThat(s.path("bounced").asInt())
                .as("bounced")
                .isEqualTo(t.path("bounced").asInt());
        softly.assertThat(s.path("expired").asInt())
                .as("expired")
                .isEqualTo(t.path("expired").asInt());
        softly.assertThat(s.path("stillQueued").asInt())
                .as("stillQueued (queued + held)")
                .isEqualTo(t.path("queued").asInt() + t.path("held").asInt());
        softly.assertThat(s.path("deleted").asInt())
                .as("deleted")
                .isEqualTo(t.path("deleted").asInt());
        softly.assertThat(s.path("otherOutcome").asInt()).as("otherOutcome").isZero();
        softly.assertThat(s.path("rejects").asInt())
                .as("rejects")
                .isEqualTo(t.path("rejects").asInt());
        softly.assertThat(s.path("ndrsSent").asInt())
                .as("ndrsSent")
                .isEqualTo(t.path("ndrs").asInt());
        softly.assertThat(summary.path("ndrs").path("nonDelivery").asInt())
                .as("ndrs.nonDelivery")
                .isEqualTo(t.path("ndrs").asInt());
        softly.assertThat(s.path("deferredAtLeastOnce").asInt())
                .as("deferredAtLeastOnce")
                .isBetween(
                        t.path("deferredAtLeastOnceMin").asInt(),
                        t.path("deferredAtLeastOnceMax").asInt());
        softly.assertAll();
    }

    @Test
    void every_domain_has_its_true_outcomes() {
        Map<String, String> actual = new TreeMap<>();
        Map<String, String> expected = new TreeMap<>();
        summary.path("domains")
                .forEach(d -> actual.put(
                        d.path("domain").asString(),
                        String.format(
                                "recipients=%d delivered=%d bounced=%d expired=%d stillQueued=%d",
                                d.path("recipients").asInt(),
                                d.path("delivered").asInt(),
                                d.path("bounced").asInt(),
                                d.path("expired").asInt(),
                                d.path("stillQueued").asInt())));
        truth.path("totals").path("byDomain").properties().forEach(e -> {
            JsonNode d = e.getValue();
            expected.put(
                    e.getKey(),
                    String.format(
                            "recipients=%d delivered=%d bounced=%d expired=%d stillQueued=%d",
                            d.path("recipients").asInt(),
                            d.path("sent").asInt(),
                            d.path("bounced").asInt(),
                            d.path("expired").asInt(),
                            d.path("queued").asInt() + d.path("held").asInt()));
        });
        assertThat(actual).isEqualTo(expected);
    }

    /** Each planned recipient: one queued copy of its message, whose final status is the truth's outcome. */
    @Test
    void every_recipient_has_its_true_outcome_in_trace() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (JsonNode m : truth.path("messages")) {
            for (JsonNode r : m.path("recipients")) {
                String outcome = r.path("outcome").asString();
                if (!Truth.OUTCOMES.contains(outcome)) {
                    continue;
                }
                String address = r.path("address").asString();
                List<String> statuses = new ArrayList<>();
                for (JsonNode copy : traced.getOrDefault(m.path("messageId").asString(), List.of())) {
                    statuses.addAll(finalStatuses(copy, address));
                }
                checked++;
                if (!statuses.equals(List.of(expectedStatus(outcome)))) {
                    wrong.add(m.path("id").asString() + " " + address + ": truth " + outcome + ", trace " + statuses);
                }
            }
        }
        assertThat(checked)
                .as("recipients checked")
                .isEqualTo(truth.path("totals").path("recipients").asInt());
        assertThat(wrong).as("recipients whose traced outcome is not the truth").isEmpty();
    }

    /** A recipient handed to the content filter ends where its re-injected copy does. */
    private static List<String> finalStatuses(JsonNode message, String address) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : message.path("recipients")) {
            if (!r.path("recipient").asString().equalsIgnoreCase(address)) {
                continue;
            }
            if (r.path("viaFilter").asBoolean()) {
                for (JsonNode copy : message.path("linked")) {
                    if (copy.path("linkKind").asString().equals("reinjected")) {
                        out.addAll(finalStatuses(copy, address));
                    }
                }
            } else {
                out.add(r.path("status").asString());
            }
        }
        return out;
    }

    private static String expectedStatus(String outcome) {
        return switch (outcome) {
            case "queued", "held" -> "deferred";
            default -> outcome;
        };
    }

    /** Every refusal the clients were told of is traced with its code, DSN, text and recipient, and no other. */
    @Test
    void every_reject_is_traced_as_the_client_was_told() {
        List<String> expected = new ArrayList<>();
        truth.path("rejects")
                .forEach(r -> expected.add(String.join(
                        " | ",
                        r.path("client").asString(),
                        r.path("stage").asString(),
                        r.path("recipient").asString("-"),
                        r.path("reply").asString())));
        List<String> actual = new ArrayList<>();
        tracedRejects.forEach(r -> actual.add(String.join(
                " | ",
                r.path("clientIp").asString(),
                r.path("stage").asString(),
                r.path("recipient").isNull() ? "-" : r.path("recipient").asString(),
                r.path("smtpCode").asString() + " " + r.path("dsn").asString() + " "
                        + r.path("reason").asString())));
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void rejects_by_stage_are_the_truth() {
        Map<String, Integer> expected = new TreeMap<>();
        truth.path("rejects")
                .forEach(r -> expected.merge("reject " + r.path("stage").asString(), 1, Integer::sum));
        Map<String, Integer> actual = new TreeMap<>();
        summary.path("rejectsByStage")
                .forEach(r ->
                        actual.put(r.path("key").asString(), r.path("rejects").asInt()));
        assertThat(actual).isEqualTo(expected);
    }

    /** The messages that got a non-delivery report are those the senders' server received one for. */
    @Test
    void every_ndr_belongs_to_the_message_it_reports() {
        List<String> expected = new ArrayList<>();
        truth.path("ndrs").forEach(n -> expected.add(n.path("regarding").asString()));
        List<String> actual = new ArrayList<>();
        traced.forEach((messageId, copies) ->
                copies.forEach(c -> c.path("linked").forEach(l -> {
                    if (l.path("notificationKind").asString().equals("non_delivery")) {
                        actual.add(messageId);
                    }
                })));
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }
}

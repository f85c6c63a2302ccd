package io.postfixinsights.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.sample.SampleLogGenerator.Rotation;
import io.postfixinsights.sample.SampleLogGenerator.Settings;
import io.postfixinsights.sample.SampleLogGenerator.TimestampFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the generator's files against its truth by counting the files independently with plain string matching,
 * the way an admin would with grep.
 */
class SampleLogGeneratorTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** 21 days from Tuesday 2026-10-20 (crossing the end of summer time on 25 October) to Monday 2026-11-09. */
    private static final LocalDate START = LocalDate.of(2026, 10, 20);

    @TempDir
    static Path dir;

    static Truth truth;
    /** Every line of the set, oldest file first. */
    static List<String> lines;

    private static Settings settings(Path out) {
        return new Settings(42L, START, 21, 120, out, Rotation.WEEKLY, TimestampFormat.RFC3339, List.of("mx1"), BERLIN);
    }

    @BeforeAll
    static void generate() throws IOException {
        truth = new SampleLogGenerator().generate(settings(dir.resolve("run")));
        lines = new ArrayList<>();
        for (String name : List.of("mail.log.3.gz", "mail.log.2.gz", "mail.log.1", "mail.log")) {
            lines.addAll(read(dir.resolve("run").resolve(name)));
        }
    }

    @Test
    void should_write_identical_bytes_for_the_same_seed(@TempDir Path other) throws Exception {
        new SampleLogGenerator().generate(settings(other));

        Map<String, String> first = hashes(dir.resolve("run"));
        assertThat(first).containsKeys("mail.log", "mail.log.1", "mail.log.2.gz", "truth.json");
        assertThat(hashes(other)).isEqualTo(first);
    }

    @Test
    void should_write_different_logs_for_another_seed(@TempDir Path other) throws Exception {
        Settings s = settings(other);
        new SampleLogGenerator()
                .generate(new Settings(
                        43L,
                        s.startDate(),
                        s.days(),
                        s.messagesPerDay(),
                        other,
                        s.rotation(),
                        s.timestampFormat(),
                        s.hosts(),
                        s.zone()));

        assertThat(hashes(other).get("mail.log.1"))
                .isNotEqualTo(hashes(dir.resolve("run")).get("mail.log.1"));
    }

    @Test
    void should_write_a_weekly_logrotate_set_rotated_on_sundays() throws IOException {
        // Sundays inside the period: 25 Oct, 1 Nov, 8 Nov -> four files; .1 stays plain (delaycompress).
        try (Stream<Path> files = Files.list(dir.resolve("run"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "mail.log", "mail.log.1", "mail.log.2.gz", "mail.log.3.gz", "truth.json");
        }
        assertThat(firstTimestamp(dir.resolve("run/mail.log"))).startsWith("2026-11-08T00:");
        assertThat(firstTimestamp(dir.resolve("run/mail.log.1"))).startsWith("2026-11-01T00:");
        assertThat(truth.files())
                .extracting(Truth.FileInfo::name)
                .containsExactly("mail.log.3.gz", "mail.log.2.gz", "mail.log.1", "mail.log");
    }

    @Test
    void should_gzip_with_zero_mtime_and_readable_to_the_end() throws IOException {
        for (String name : List.of("mail.log.3.gz", "mail.log.2.gz")) {
            byte[] bytes = Files.readAllBytes(dir.resolve("run").resolve(name));
            assertThat(new byte[] {bytes[4], bytes[5], bytes[6], bytes[7]}).containsOnly(0);
            assertThat(read(dir.resolve("run").resolve(name))).hasSizeGreaterThan(1000);
        }
        assertThat(Files.readAllBytes(dir.resolve("run/mail.log.1"))[0]).isEqualTo((byte) '2');
    }

    @Test
    void should_count_lines_per_file_as_the_truth_says() throws IOException {
        for (Truth.FileInfo file : truth.files()) {
            List<String> content = read(dir.resolve("run").resolve(file.name()));
            assertThat(content).as(file.name()).hasSize((int) file.lines());
            assertThat(content.get(0)).startsWith(file.firstLine() + " mx1 ");
            assertThat(content.get(content.size() - 1)).startsWith(file.lastLine() + " mx1 ");
        }
        assertThat(truth.period().firstLine()).isEqualTo(truth.files().get(0).firstLine());
        assertThat(truth.period().lastLine()).isEqualTo(truth.files().get(3).lastLine());
    }

    @Test
    void should_keep_lines_in_time_order_within_and_across_files() {
        Instant previous = Instant.MIN;
        for (String line : lines) {
            Instant t =
                    OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant();
            assertThat(t).as(line).isAfterOrEqualTo(previous);
            previous = t;
        }
        assertThat(lines.get(0)).startsWith("2026-10-20T");
        assertThat(lines.get(lines.size() - 1)).startsWith("2026-11-09T");
    }

    @Test
    void should_write_both_summer_and_winter_offsets() {
        assertThat(lines)
                .anyMatch(l -> l.startsWith("2026-10-24T") && l.substring(0, 32).endsWith("+02:00"));
        assertThat(lines)
                .anyMatch(l -> l.startsWith("2026-10-26T") && l.substring(0, 32).endsWith("+01:00"));
    }

    @Test
    void should_match_grep_counts_of_status_lines_rejects_ndrs_and_removals() {
        Truth.Counts total = truth.total();
        assertThat(count(l -> l.contains("status=sent")))
                .isEqualTo(total.statusLines().sent());
        assertThat(count(l -> l.contains("status=deferred")))
                .isEqualTo(total.statusLines().deferred())
                .isEqualTo(total.deferralAttempts());
        assertThat(count(l -> l.contains("status=bounced")))
                .isEqualTo(total.statusLines().bounced())
                .isEqualTo(total.recipients().bounced());
        assertThat(count(l -> l.contains("status=expired, returned to sender")))
                .isEqualTo(total.statusLines().expired());
        assertThat(count(l -> l.contains("NOQUEUE: reject:"))).isEqualTo(total.rejects());
        assertThat(count(l -> l.contains("sender non-delivery notification: "))).isEqualTo(total.ndrsSent());
        assertThat(count(l -> l.endsWith(": removed"))).isEqualTo(total.removedLines());
        assertThat(count(l -> l.contains(": client=localhost[127.0.0.1]"))).isEqualTo(total.reinjected());
        assertThat(count(l -> l.contains(": client=") && !l.contains("client=localhost[127.0.0.1]")
                        || l.contains(" postfix/pickup[")))
                .isEqualTo(total.userMessages());

        assertThat(total.deferralAttempts()).isGreaterThan(100);
        assertThat(total.statusLines().expired()).isPositive();
        assertThat(total.ndrsSent()).isPositive();
    }

    @Test
    void should_match_grep_counts_of_rejects_by_kind() {
        Map<String, Long> kinds = truth.total().rejectsByKind();
        assertThat(count(l -> l.contains("NOQUEUE: reject:") && l.contains("blocked using zen.spamhaus.org")))
                .isEqualTo(kinds.get("rbl"));
        assertThat(count(l -> l.contains("NOQUEUE: reject:") && l.contains("Relay access denied")))
                .isEqualTo(kinds.get("relay_denied"));
        assertThat(count(l -> l.contains("NOQUEUE: reject:") && l.contains("User unknown")))
                .isEqualTo(kinds.get("unknown_user"));
        assertThat(count(l -> l.contains("NOQUEUE: reject:") && l.contains("Helo command rejected")))
                .isEqualTo(kinds.get("bad_helo"));
        assertThat(count(l -> l.contains("NOQUEUE: reject:") && l.contains("Sender address rejected")))
                .isEqualTo(kinds.get("sender_domain"));
    }

    @Test
    void should_add_up_per_day_and_per_domain_to_the_total() {
        assertThat(truth.perDay()).hasSize(21);
        assertThat(truth.perDay().values().stream()
                        .mapToLong(Truth.Counts::userMessages)
                        .sum())
                .isEqualTo(truth.total().userMessages());
        assertThat(truth.perDay().values().stream()
                        .mapToLong(c -> c.recipients().bounced())
                        .sum())
                .isEqualTo(truth.perDestinationDomain().values().stream()
                        .mapToLong(Truth.DomainCounts::bounced)
                        .sum())
                .isEqualTo(truth.total().recipients().bounced());
        assertThat(truth.perDestinationDomain().values().stream()
                        .mapToLong(Truth.DomainCounts::deferralAttempts)
                        .sum())
                .isEqualTo(truth.total().deferralAttempts());
        // Per day as grep sees it: status=bounced lines starting with that date.
        truth.perDay()
                .forEach((day, counts) -> assertThat(count(l -> l.startsWith(day) && l.contains("status=bounced")))
                        .as(day)
                        .isEqualTo(counts.statusLines().bounced()));
    }

    @Test
    void should_seed_yahoo_throttling_as_many_tss04_deferrals_in_its_window() {
        Truth.Cluster yahoo = cluster("throttling");
        List<String> inWindow = within(yahoo, l -> l.contains("[TSS04]") && l.contains("status=deferred"));

        assertThat(yahoo.domain()).isEqualTo("yahoo.com");
        assertThat(inWindow).hasSize((int) yahoo.count()).hasSizeGreaterThan(100);
        assertThat(count(l -> l.contains("[TSS04]"))).isEqualTo(yahoo.count());
        // Most throttled recipients get through afterwards.
        Set<String> throttled = recipients(inWindow);
        long deliveredLater = throttled.stream()
                .filter(r -> lines.stream().anyMatch(l -> l.contains("to=<" + r + ">") && l.contains("status=sent")))
                .count();
        assertThat(deliveredLater).isGreaterThan(throttled.size() * 8L / 10);
    }

    @Test
    void should_seed_gmail_authentication_bounces_on_one_day() {
        Truth.Cluster gmail = cluster("authentication");
        List<String> bounces = lines.stream()
                .filter(l -> l.contains("dsn=5.7.26, status=bounced"))
                .toList();

        assertThat(gmail.domain()).isEqualTo("gmail.com");
        assertThat(bounces)
                .hasSize((int) gmail.count())
                .hasSizeGreaterThan(10)
                .allMatch(l -> l.contains("@gmail.com>, relay=gmail-smtp-in.l.google.com")
                        || l.contains("@gmail.com>, relay=alt1.gmail-smtp-in.l.google.com"));
        assertThat(bounces.stream().map(l -> l.substring(0, 10)).distinct()).hasSize(1);
        assertThat(within(gmail, l -> l.contains("dsn=5.7.26"))).hasSize(bounces.size());
    }

    @Test
    void should_seed_user_unknown_spike_at_one_small_domain_over_many_recipients() {
        Truth.Cluster list = cluster("list-hygiene");
        List<String> bounces = within(list, l -> l.contains("@" + list.domain() + ">") && l.contains("status=bounced"));

        assertThat(bounces).hasSize((int) list.count()).hasSizeGreaterThan(20).allMatch(l -> l.contains("dsn=5.1.1"));
        assertThat(recipients(bounces)).hasSize(bounces.size());
    }

    @Test
    void should_scatter_background_churn_over_domains_and_days() {
        Truth.Cluster list = cluster("list-hygiene");
        // Bounces that are not one of the seeded spikes (nor Yahoo's policy refusals after the throttling).
        List<String> churnBounces = lines.stream()
                .filter(l -> l.contains("status=bounced")
                        && !l.contains("dsn=5.7.26")
                        && !l.contains("dsn=5.7.9")
                        && !(l.contains("@" + list.domain() + ">") && inWindow(list, l)))
                .toList();
        List<String> churnTimeouts = lines.stream()
                .filter(l -> l.contains("status=deferred")
                        && l.contains("Connection timed out")
                        && !l.contains("oldharbor-trading.example"))
                .toList();
        Map<String, Integer> perDomainDay = new TreeMap<>();
        Set<String> domains = new HashSet<>();
        for (String l : concat(churnBounces, churnTimeouts)) {
            String domain = domainOf(l);
            domains.add(domain);
            perDomainDay.merge(domain + " " + l.substring(0, 10), 1, Integer::sum);
        }

        assertThat(truth.churn().userUnknownBounces())
                .isEqualTo(churnBounces.size())
                .isGreaterThan(5);
        assertThat(truth.churn().timeoutDeferrals())
                .isEqualTo(churnTimeouts.size())
                .isGreaterThan(5);
        assertThat(truth.churn().distinctDomains()).isEqualTo(domains.size()).isGreaterThanOrEqualTo(8);
        assertThat(perDomainDay.values().stream()
                        .mapToInt(Integer::intValue)
                        .max()
                        .orElseThrow())
                .isEqualTo(truth.churn().maxPerDomainPerDay())
                .isLessThanOrEqualTo(4);
    }

    @Test
    void should_leave_deferred_messages_queued_at_the_end() {
        // Replay the queue: a recipient's last status per queue ID, cleared when the message is removed.
        Map<String, Map<String, String>> active = new HashMap<>();
        Pattern status = Pattern.compile(": ([0-9A-F]{10}): to=<([^>]+)>.* status=(\\w+)");
        Pattern removed = Pattern.compile(": ([0-9A-F]{10}): removed$");
        for (String l : lines) {
            Matcher s = status.matcher(l);
            if (s.find()) {
                active.computeIfAbsent(s.group(1), k -> new HashMap<>()).put(s.group(2), s.group(3));
                continue;
            }
            Matcher r = removed.matcher(l);
            if (r.find()) {
                active.remove(r.group(1));
            }
        }
        long stillDeferred = active.values().stream()
                .flatMap(m -> m.values().stream())
                .filter("deferred"::equals)
                .count();

        assertThat(stillDeferred)
                .isEqualTo(truth.total().recipients().deferredStillQueued())
                .isGreaterThanOrEqualTo(2);
        assertThat(truth.perDestinationDomain().get("oldharbor-trading.example").deferredStillQueued())
                .isPositive();
    }

    @Test
    void should_reuse_a_queue_id_only_after_it_was_removed() {
        Pattern birth = Pattern.compile("postfix/cleanup\\[\\d+\\]: ([0-9A-F]{10}): message-id=");
        Pattern removed = Pattern.compile(": ([0-9A-F]{10}): removed$");
        Set<String> inUse = new HashSet<>();
        for (String l : lines) {
            Matcher b = birth.matcher(l);
            if (b.find()) {
                assertThat(inUse.add(b.group(1)))
                        .as("queue ID reused while in use: " + l)
                        .isTrue();
            }
            Matcher r = removed.matcher(l);
            if (r.find()) {
                inUse.remove(r.group(1));
            }
        }
    }

    @Test
    void should_write_daily_rotation_and_classic_timestamps(@TempDir Path out) throws IOException {
        Truth daily = new SampleLogGenerator()
                .generate(new Settings(
                        7L,
                        LocalDate.of(2026, 3, 1),
                        4,
                        20,
                        out,
                        Rotation.DAILY,
                        TimestampFormat.CLASSIC,
                        List.of("mx1", "mx2"),
                        ZoneId.of("UTC")));

        assertThat(daily.files())
                .extracting(Truth.FileInfo::name)
                .containsExactly("mail.log.3.gz", "mail.log.2.gz", "mail.log.1", "mail.log");
        List<String> newest = read(out.resolve("mail.log"));
        assertThat(newest)
                .allMatch(l -> l.startsWith("Mar  4 "))
                .anyMatch(l -> l.contains(" mx1 postfix/"))
                .anyMatch(l -> l.contains(" mx2 postfix/"));
        assertThat(read(out.resolve("mail.log.3.gz"))).allMatch(l -> l.startsWith("Mar  1 "));
    }

    // ---------------------------------------------------------------- helpers

    private static Truth.Cluster cluster(String clusterClass) {
        return truth.clusters().stream()
                .filter(c -> c.clusterClass().equals(clusterClass))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> within(Truth.Cluster cluster, Predicate<String> match) {
        return lines.stream().filter(match).filter(l -> inWindow(cluster, l)).toList();
    }

    private static boolean inWindow(Truth.Cluster cluster, String line) {
        Instant t = OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant();
        return !t.isBefore(OffsetDateTime.parse(cluster.windowStart()).toInstant())
                && t.isBefore(OffsetDateTime.parse(cluster.windowEnd()).toInstant());
    }

    private static Set<String> recipients(List<String> statusLines) {
        Set<String> out = new HashSet<>();
        for (String l : statusLines) {
            out.add(l.substring(l.indexOf("to=<") + 4, l.indexOf(">, relay=")));
        }
        return out;
    }

    private static String domainOf(String statusLine) {
        return statusLine.substring(
                statusLine.indexOf('@', statusLine.indexOf("to=<")) + 1, statusLine.indexOf(">, relay="));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static long count(Predicate<String> match) {
        return lines.stream().filter(match).count();
    }

    private static String firstTimestamp(Path file) throws IOException {
        String first = read(file).get(0);
        return first.substring(0, first.indexOf(' '));
    }

    private static List<String> read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        }
    }

    private static Map<String, String> hashes(Path directory) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : files.toList()) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                out.put(p.getFileName().toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }
}

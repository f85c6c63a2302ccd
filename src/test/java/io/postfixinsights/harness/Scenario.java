package io.postfixinsights.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A harness scenario as written in {@code src/test/resources/harness/scenarios/*.yaml} (format: docs/HARNESS.md):
 * the private Postfix's settings, the remote destinations with their scripted replies, the traffic, the admin's
 * actions and the live rotations, all on one clock that starts when the instance does.
 */
record Scenario(
        String name,
        String description,
        Duration duration,
        Instance instance,
        List<Destination> destinations,
        List<Traffic> traffic,
        List<Action> actions,
        List<Duration> rotations) {

    /** The private instance: names, networks, maps and extra main.cf parameters. */
    record Instance(
            String myhostname,
            String smtpdAddress,
            List<String> mynetworks,
            List<String> relayDomains,
            List<String> relayRecipients,
            Map<String, String> senderAccess,
            Map<String, String> clientAccess,
            Map<String, String> hosts,
            boolean contentFilter,
            Map<String, String> mainCf) {}

    /** A remote SMTP server: where it listens, the domains routed to it, and its script. */
    record Destination(
            String name,
            String provider,
            String host,
            String ip,
            List<String> domains,
            boolean refuse,
            String greeting,
            String accept,
            List<Rule> rules,
            String episodeClass) {}

    /** SMTP stages at which a rule can answer. */
    enum Stage {
        GREETING,
        EHLO,
        MAIL,
        RCPT,
        DATA,
        DATA_END;

        static Stage of(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /**
     * One scripted reply. It applies at {@code stage} while the scenario clock is in [from, until), when the sender
     * and recipient globs match; the first rule that applies answers. Without a reply it only delays.
     */
    record Rule(
            Stage stage,
            Duration from,
            Duration until,
            String sender,
            String recipient,
            String reply,
            Duration delay,
            String episode,
            String episodeClass) {

        boolean activeAt(Duration clock) {
            return (from == null || clock.compareTo(from) >= 0) && (until == null || clock.compareTo(until) < 0);
        }
    }

    /** How a client hands a message to the instance. */
    enum Via {
        SMTP,
        SUBMISSION,
        SENDMAIL;

        static Via of(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * {@code count} messages, the k-th (k from 1) at {@code start + (k-1) * every}, each to the {@code to} addresses
     * with {@code {n}} replaced by k. {@code expect} is what the scenario's author expects for each recipient
     * (glob → outcome); the harness checks its truth against it.
     */
    record Traffic(
            String id,
            Duration start,
            Duration every,
            int count,
            Via via,
            String client,
            String helo,
            String sender,
            List<String> to,
            int size,
            boolean declareSize,
            Map<String, String> expect,
            String reason) {

        Duration at(int k) {
            return start.plus(every.multipliedBy(k - 1L));
        }

        List<String> recipients(int k) {
            return to.stream()
                    .map(t -> t.replace("{n}", String.format(Locale.ROOT, "%03d", k)))
                    .toList();
        }
    }

    /** An admin's action on one planned message (a traffic item of count 1): hold, release, delete, requeue. */
    record Action(Duration at, String kind, String message) {}

    static Scenario load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in);
        }
    }

    static Scenario load(InputStream in) {
        Map<String, Object> y = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        Map<String, Object> inst = map(y.get("instance"));
        Instance instance = new Instance(
                str(inst.get("myhostname"), "mx1.shop.example"),
                str(inst.get("smtpd"), "127.0.0.10"),
                strings(inst.getOrDefault("mynetworks", List.of("127.0.0.1"))),
                strings(inst.get("relayDomains")),
                strings(inst.get("relayRecipients")),
                strMap(inst.get("senderAccess")),
                strMap(inst.get("clientAccess")),
                strMap(inst.get("hosts")),
                Boolean.TRUE.equals(inst.get("contentFilter")),
                strMap(inst.get("postfix")));
        List<Destination> destinations = new ArrayList<>();
        for (Object o : list(y.get("destinations"))) {
            Map<String, Object> d = map(o);
            List<Rule> rules = new ArrayList<>();
            for (Object r : list(d.get("rules"))) {
                Map<String, Object> m = map(r);
                rules.add(new Rule(
                        Stage.of(str(m.get("stage"), "rcpt")),
                        duration(m.get("from")),
                        duration(m.get("until")),
                        str(m.get("sender"), null),
                        str(m.get("recipient"), null),
                        str(m.get("reply"), null),
                        duration(m.get("delay")),
                        str(m.get("episode"), null),
                        str(m.get("class"), null)));
            }
            destinations.add(new Destination(
                    str(d.get("name"), null),
                    str(d.get("provider"), str(d.get("name"), null)),
                    str(d.get("host"), null),
                    str(d.get("ip"), null),
                    strings(d.get("domains")),
                    Boolean.TRUE.equals(d.get("refuse")),
                    str(d.get("greeting"), null),
                    str(d.get("accept"), null),
                    rules,
                    str(d.get("class"), null)));
        }
        List<Traffic> traffic = new ArrayList<>();
        for (Object o : list(y.get("traffic"))) {
            Map<String, Object> t = map(o);
            Object expect = t.get("expect");
            Map<String, String> expectMap = expect instanceof String s ? Map.of("*", s) : strMap(expect);
            traffic.add(new Traffic(
                    str(t.get("id"), null),
                    duration(t.getOrDefault("start", "0s")),
                    duration(t.getOrDefault("every", "1s")),
                    ((Number) t.getOrDefault("count", 1)).intValue(),
                    Via.of(str(t.get("via"), "smtp")),
                    str(t.get("client"), "127.0.0.31"),
                    str(t.get("helo"), null),
                    str(t.get("sender"), null),
                    strings(t.get("to")),
                    ((Number) t.getOrDefault("size", 1500)).intValue(),
                    Boolean.TRUE.equals(t.get("declareSize")),
                    expectMap,
                    str(t.get("reason"), null)));
        }
        List<Action> actions = new ArrayList<>();
        for (Object o : list(y.get("actions"))) {
            Map<String, Object> a = map(o);
            actions.add(new Action(duration(a.get("at")), str(a.get("do"), null), str(a.get("message"), null)));
        }
        Scenario s = new Scenario(
                str(y.get("name"), null),
                str(y.get("description"), ""),
                duration(y.get("duration")),
                instance,
                destinations,
                traffic,
                actions,
                strings(y.get("rotations")).stream().map(Scenario::duration).toList());
        s.validate();
        return s;
    }

    /** Fails on what would make the truth ambiguous: a recipient address used twice, an action on a batch. */
    private void validate() {
        Map<String, String> seen = new LinkedHashMap<>();
        for (Traffic t : traffic) {
            if (t.id() == null || t.sender() == null || t.to().isEmpty()) {
                throw new IllegalArgumentException(name + ": traffic needs id, sender and to: " + t);
            }
            for (int k = 1; k <= t.count(); k++) {
                for (String r : t.recipients(k)) {
                    String before = seen.put(r.toLowerCase(Locale.ROOT), t.id());
                    if (before != null) {
                        throw new IllegalArgumentException(name + ": recipient " + r + " in " + before + " and "
                                + t.id() + " (each recipient address must be planned once)");
                    }
                }
            }
        }
        for (Action a : actions) {
            Traffic t = traffic(a.message());
            if (t == null || t.count() != 1) {
                throw new IllegalArgumentException(
                        name + ": action on " + a.message() + " must name a traffic item of count 1");
            }
        }
    }

    Traffic traffic(String id) {
        return traffic.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    /** {@code 90s}, {@code 1m30s}, {@code 2.5s}, {@code 500ms}; a bare number is seconds. */
    static Duration duration(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
        }
        String text = value.toString().trim();
        Matcher m = DURATION.matcher(text);
        long millis = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double v = Double.parseDouble(m.group(1));
            millis += Math.round(v
                    * switch (m.group(2)) {
                        case "ms" -> 1;
                        case "s" -> 1000;
                        case "m" -> 60_000;
                        default -> 3_600_000;
                    });
            end = m.end();
        }
        if (end != text.length() || text.isEmpty()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        return Duration.ofMillis(millis);
    }

    /** Shell-style glob on an address, case-insensitive; a null pattern matches everything. */
    static boolean glob(String pattern, String value) {
        if (pattern == null) {
            return true;
        }
        return value != null
                && FileSystems.getDefault()
                        .getPathMatcher("glob:" + pattern.toLowerCase(Locale.ROOT))
                        .matches(Path.of(value.toLowerCase(Locale.ROOT)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    private static List<?> list(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    private static String str(Object o, String fallback) {
        return o == null ? fallback : o.toString();
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }

    private static Map<String, String> strMap(Object o) {
        Map<String, String> m = new LinkedHashMap<>();
        // YAML reads yes/no as booleans; Postfix wants them back as words
        map(o).forEach((k, v) -> m.put(k, v instanceof Boolean b ? (b ? "yes" : "no") : String.valueOf(v)));
        return m;
    }
}

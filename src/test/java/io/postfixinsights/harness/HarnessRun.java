package io.postfixinsights.harness;

import io.postfixinsights.harness.Scenario.Destination;
import io.postfixinsights.harness.Scenario.Traffic;
import io.postfixinsights.harness.Scenario.Via;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one scenario against a private Postfix: starts the instance and the responders, submits the planned traffic
 * on the scenario clock, performs the admin's actions and the live log rotations, stops everything and writes the
 * logs with their {@code truth.json} into {@code out}. Everything it changed outside its work directory (/etc/hosts,
 * running processes) is undone in every case.
 */
final class HarnessRun {

    /** Jackson 3 writes instants as ISO-8601 text by default, as truth.json wants them. */
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "postfix-insights-harness.lock");

    /** One planned message as it was handed over. */
    record Submitted(Traffic traffic, int k, String messageId, Instant at, List<String> recipients, String queueId) {}

    /** An admin action as performed: the queue ID it found for the message (null: not in the queue) and the exit. */
    record Performed(Instant at, String kind, String message, String queueId, int exit) {}

    /** A message in the queue when the run stopped ({@code postqueue -j}). */
    record Queued(String queueName, String queueId, String sender, List<String> recipients) {}

    private final Scenario scenario;
    private final Path out;
    private final Journal journal = new Journal();
    private final Map<String, Submitted> submitted = new ConcurrentHashMap<>();
    private final List<Performed> performed = new ArrayList<>();
    private PostfixInstance postfix;
    private Instant t0;

    private HarnessRun(Scenario scenario, Path out) {
        this.scenario = scenario;
        this.out = out;
    }

    /** Runs the scenario; the logs and truth.json end up in {@code out}. Needs {@link PostfixInstance#unavailable()}. */
    static Truth run(Scenario scenario, Path out) throws Exception {
        Files.createDirectories(out);
        try (FileChannel lockFile = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            return new HarnessRun(scenario, out).run();
        }
    }

    private Truth run() throws Exception {
        Path work = Files.createTempDirectory("postfix-harness");
        List<Responder> responders = new ArrayList<>();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
        List<Queued> queuedAtStop;
        Instant stop;
        try (HostsFile hosts = new HostsFile(hostEntries())) {
            Thread undo = new Thread(() -> {
                try {
                    hosts.close();
                    if (postfix != null) {
                        postfix.close();
                    }
                } catch (IOException e) {
                    System.err.println("harness: could not undo: " + e);
                }
            });
            Runtime.getRuntime().addShutdownHook(undo);
            try {
                postfix = new PostfixInstance(work, out);
                postfix.configure(
                        scenario.instance(), transport(), scenario.instance().contentFilter());
                postfix.start();
                t0 = Instant.now();
                for (Destination d : scenario.destinations()) {
                    if (!d.refuse()) {
                        responders.add(new Responder(
                                d.name(),
                                d.host(),
                                d.ip(),
                                25,
                                d.rules(),
                                d.greeting(),
                                t0,
                                journal,
                                Responder.accepting(d.accept())));
                    }
                }
                if (scenario.instance().contentFilter()) {
                    responders.add(new Responder(
                            "filter",
                            PostfixInstance.FILTER_HOST,
                            PostfixInstance.FILTER_IP,
                            PostfixInstance.FILTER_PORT,
                            List.of(),
                            "220 [127.0.0.1] ESMTP amavisd-new service ready",
                            t0,
                            journal,
                            this::reinject));
                }
                for (Responder r : responders) {
                    r.start();
                }
                schedule(clock);
                sleepUntil(t0.plus(scenario.duration()));
                queuedAtStop = queue();
                stop = Instant.now();
            } finally {
                clock.shutdownNow();
                clock.awaitTermination(30, TimeUnit.SECONDS);
                if (postfix != null) {
                    postfix.close();
                }
                for (Responder r : responders) {
                    r.close();
                }
                hosts.close();
                Runtime.getRuntime().removeShutdownHook(undo);
            }
        } finally {
            deleteTree(work);
        }
        Truth truth = Truth.build(
                scenario,
                t0,
                stop,
                PostfixInstance.version(),
                submitted.values(),
                performed,
                journal.entries(),
                queuedAtStop,
                logFiles());
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(out.resolve("truth.json").toFile(), truth);
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(out.resolve("journal.json").toFile(), journal.entries());
        return truth;
    }

    private Map<String, String> hostEntries() {
        Map<String, String> hosts = new LinkedHashMap<>(scenario.instance().hosts());
        hosts.put(scenario.instance().myhostname(), scenario.instance().smtpdAddress());
        for (Destination d : scenario.destinations()) {
            hosts.put(d.host(), d.ip());
        }
        if (scenario.instance().contentFilter()) {
            hosts.put(PostfixInstance.FILTER_HOST, PostfixInstance.FILTER_IP);
        }
        return hosts;
    }

    private Map<String, String> transport() {
        Map<String, String> t = new LinkedHashMap<>();
        for (Destination d : scenario.destinations()) {
            d.domains().forEach(domain -> t.put(domain, "smtp:[" + d.host() + "]"));
        }
        return t;
    }

    private void schedule(ScheduledExecutorService clock) {
        for (Traffic t : scenario.traffic()) {
            for (int k = 1; k <= t.count(); k++) {
                int n = k;
                clock.schedule(() -> submit(t, n), t.at(k).toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        for (Scenario.Action a : scenario.actions()) {
            clock.schedule(() -> act(a), a.at().toMillis(), TimeUnit.MILLISECONDS);
        }
        for (Duration r : scenario.rotations()) {
            clock.schedule(this::rotate, r.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void submit(Traffic t, int k) {
        List<String> rcpts = t.recipients(k);
        String domain = t.sender().substring(t.sender().indexOf('@') + 1);
        String messageId = "<" + t.id() + "." + k + "." + Responder.token() + "@" + domain + ">";
        byte[] content = content(t, k, messageId, rcpts);
        Instant at = Instant.now();
        String queueId = null;
        try {
            if (t.via() == Via.SENDMAIL) {
                int exit = postfix.sendmail(t.sender(), rcpts, content);
                for (String r : rcpts) {
                    journal.add(new Journal.Entry(
                            Instant.now(),
                            "client",
                            "sendmail",
                            "sendmail",
                            t.sender(),
                            r,
                            messageId,
                            exit == 0 ? 250 : 554,
                            "sendmail exit " + exit,
                            null,
                            null));
                }
            } else {
                int port = t.via() == Via.SUBMISSION ? 587 : 25;
                String helo = t.helo() != null
                        ? t.helo()
                        : scenario.instance().hosts().entrySet().stream()
                                .filter(e -> e.getValue().equals(t.client()))
                                .map(Map.Entry::getKey)
                                .findFirst()
                                .orElse("client.example.net");
                SmtpClient.Result r = SmtpClient.send(
                        t.client(),
                        scenario.instance().smtpdAddress(),
                        port,
                        helo,
                        t.sender(),
                        rcpts,
                        content,
                        t.declareSize());
                queueId = r.queuedAs();
                journalClient(t, messageId, rcpts, r);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (String r : rcpts) {
                journal.add(new Journal.Entry(
                        Instant.now(),
                        "client",
                        t.client(),
                        "error",
                        t.sender(),
                        r,
                        messageId,
                        0,
                        String.valueOf(e),
                        null,
                        null));
            }
        }
        submitted.put(messageId, new Submitted(t, k, messageId, at, rcpts, queueId));
    }

    private void journalClient(Traffic t, String messageId, List<String> rcpts, SmtpClient.Result r) {
        Instant now = Instant.now();
        if (r.mail() == null || !r.mail().positive()) {
            SmtpReply refused = r.mail() != null ? r.mail() : r.greeting();
            journal.add(new Journal.Entry(
                    now,
                    "client",
                    t.client(),
                    r.mail() != null ? "mail" : "greeting",
                    t.sender(),
                    null,
                    messageId,
                    refused.code(),
                    refused.text(),
                    null,
                    null));
            return;
        }
        r.rcpt()
                .forEach((rcpt, reply) -> journal.add(new Journal.Entry(
                        now,
                        "client",
                        t.client(),
                        "rcpt",
                        t.sender(),
                        rcpt,
                        messageId,
                        reply.code(),
                        reply.text(),
                        null,
                        null)));
        if (r.data() != null) {
            r.rcpt().forEach((rcpt, reply) -> {
                if (reply.positive()) {
                    journal.add(new Journal.Entry(
                            now,
                            "client",
                            t.client(),
                            "data-end",
                            t.sender(),
                            rcpt,
                            messageId,
                            r.data().code(),
                            r.data().text(),
                            null,
                            null));
                }
            });
        }
    }

    private static byte[] content(Traffic t, int k, String messageId, List<String> rcpts) {
        StringBuilder b = new StringBuilder()
                .append("Date: ")
                .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        Instant.now().atOffset(ZoneOffset.UTC)))
                .append("\r\n")
                .append("From: <")
                .append(t.sender())
                .append(">\r\n")
                .append("To: ")
                .append(String.join(", ", rcpts.stream().map(r -> "<" + r + ">").toList()))
                .append("\r\n")
                .append("Subject: ")
                .append(t.id())
                .append(" #")
                .append(k)
                .append("\r\n")
                .append("Message-ID: ")
                .append(messageId)
                .append("\r\n")
                .append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        while (b.length() < t.size()) {
            b.append("Planned by the Postfix Insights harness, scenario traffic ")
                    .append(t.id())
                    .append(".\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The content filter's end of data: re-inject to the instance's second smtpd, answer as amavisd-new does. */
    private SmtpReply reinject(String sender, List<String> recipients, byte[] content) throws IOException {
        SmtpClient.Result r = SmtpClient.send(
                PostfixInstance.FILTER_IP, "127.0.0.1", 10025, "localhost", sender, recipients, content, false);
        String queued = r.queuedAs();
        return SmtpReply.parse(
                queued != null
                        ? "250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as " + queued
                        : "451 4.5.0 Error in processing, forwarding failed: "
                                + (r.data() != null ? r.data().text() : "no data reply"),
                Map.of());
    }

    private void act(Scenario.Action a) {
        Traffic t = scenario.traffic(a.message());
        String rcpt = t.recipients(1).get(0).toLowerCase(Locale.ROOT);
        String queueId = null;
        int exit = -1;
        try {
            queueId = queue().stream()
                    .filter(q -> q.recipients().contains(rcpt))
                    .map(Queued::queueId)
                    .findFirst()
                    .orElse(null);
            if (queueId != null) {
                String flag = switch (a.kind()) {
                    case "hold" -> "-h";
                    case "release" -> "-H";
                    case "delete" -> "-d";
                    case "requeue" -> "-r";
                    default -> throw new IllegalArgumentException("unknown action " + a.kind());
                };
                exit = postfix.postsuper(flag, queueId);
            }
        } catch (IOException | InterruptedException e) {
            exit = -2;
        }
        synchronized (performed) {
            performed.add(new Performed(Instant.now(), a.kind(), a.message(), queueId, exit));
        }
    }

    private List<Queued> queue() throws IOException, InterruptedException {
        List<Queued> q = new ArrayList<>();
        for (String line : postfix.postqueueJson().split("\n")) {
            if (line.startsWith("{")) {
                JsonNode m = JSON.readTree(line);
                List<String> rcpts = new ArrayList<>();
                m.path("recipients")
                        .forEach(r -> rcpts.add(r.path("address").asString().toLowerCase(Locale.ROOT)));
                q.add(new Queued(
                        m.path("queue_name").asString(),
                        m.path("queue_id").asString(),
                        m.path("sender").asString(),
                        rcpts));
            }
        }
        return q;
    }

    /**
     * As logrotate with {@code delaycompress} does it: older .N.gz move up, mail.log.1 becomes mail.log.2.gz, the
     * live file is renamed to mail.log.1, and {@code postfix reload} makes postlogd open a new mail.log.
     */
    private synchronized void rotate() {
        try {
            List<Path> gz = new ArrayList<>();
            try (var files = Files.list(out)) {
                files.filter(f -> f.getFileName().toString().matches("mail\\.log\\.\\d+\\.gz"))
                        .forEach(gz::add);
            }
            gz.sort(Comparator.comparingInt(HarnessRun::rotationNumber).reversed());
            for (Path f : gz) {
                Files.move(f, out.resolve("mail.log." + (rotationNumber(f) + 1) + ".gz"));
            }
            Path one = out.resolve("mail.log.1");
            Path two = out.resolve("mail.log.2");
            if (Files.exists(one)) {
                Files.move(one, two);
            }
            Files.move(out.resolve("mail.log"), one, StandardCopyOption.ATOMIC_MOVE);
            postfix.reload();
            if (Files.exists(two)) {
                try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(out.resolve("mail.log.2.gz")))) {
                    Files.copy(two, o);
                }
                Files.delete(two);
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("harness: rotation failed: " + e);
        }
    }

    private static int rotationNumber(Path f) {
        String n = f.getFileName().toString();
        return Integer.parseInt(n.substring("mail.log.".length(), n.length() - ".gz".length()));
    }

    private List<String> logFiles() throws IOException {
        try (var files = Files.list(out)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("mail.log"))
                    .sorted(Comparator.comparingInt(
                                    (String n) -> n.equals("mail.log") ? 0 : Integer.parseInt(n.replaceAll("\\D", "")))
                            .reversed())
                    .toList();
        }
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long ms = Duration.between(Instant.now(), when).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static Optional<String> unavailable() {
        return PostfixInstance.unavailable();
    }
}

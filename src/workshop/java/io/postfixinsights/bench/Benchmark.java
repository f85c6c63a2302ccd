package io.postfixinsights.bench;

import io.postfixinsights.analyse.Analyser;
import io.postfixinsights.analyse.Analysis;
import io.postfixinsights.analyse.MessageTrace;
import io.postfixinsights.analyse.ReportPeriod;
import io.postfixinsights.analyse.reference.ReferenceData;
import io.postfixinsights.bench.BenchResult.Goal;
import io.postfixinsights.bench.BenchResult.Machine;
import io.postfixinsights.bench.BenchResult.Phase;
import io.postfixinsights.ingest.Ingestion;
import io.postfixinsights.report.ReportRenderer;
import io.postfixinsights.source.LogFile;
import io.postfixinsights.source.LogFileFinder;
import io.postfixinsights.source.LogReader;
import io.postfixinsights.store.Database;
import io.postfixinsights.store.Ledger;
import io.postfixinsights.trace.TraceQuery;
import io.postfixinsights.trace.TraceResult;
import io.postfixinsights.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.util.FileSystemUtils;

/**
 * Measures the whole pipeline on one generated set in one run, so that every ratio (ingest against gunzip alone,
 * against pflogsumm) comes from the same lines on the same machine at the same moment.
 */
public final class Benchmark {

    /**
     * @param lines about how many lines to generate (the set is cached per size)
     * @param cacheDir where generated sets are kept between runs
     * @param workDir scratch space: the DuckDB files and reports of this run (emptied first)
     * @param pflogsumm run pflogsumm on the same lines when it is installed
     * @param nightlyNewLines the nightly phase's new lines (0: skip the phase): the newest files holding at least
     *     this many lines are held back, the rest is ingested as history, then a fresh JVM runs {@code report}
     */
    public record Options(long lines, Path cacheDir, Path workDir, boolean pflogsumm, long nightlyNewLines) {}

    static final String MAX_HEAP_GOAL = "512m";
    /** From this size on (a big relay's month) the 100M-line goals apply. */
    private static final long BIG_SET_LINES = 95_000_000;

    private static final int REPORT_DAYS = 7;

    private final Options options;
    private final Consumer<String> progress;
    private final Memory memory = new Memory();
    private final List<Phase> phases = new ArrayList<>();

    public Benchmark(Options options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    public BenchResult run() throws Exception {
        BenchSet set = BenchSet.prepare(options.cacheDir(), options.lines(), progress);
        Path work = options.workDir().toAbsolutePath();
        FileSystemUtils.deleteRecursively(work);
        Files.createDirectories(work);
        List<LogFile> files = new LogFileFinder().find(List.of(set.glob())).files();

        measureGunzip(files, set.lines());
        measureRead(files);
        Path dbFile = work.resolve("bench.duckdb");
        long dbBytes;
        try (Database db = Database.open(dbFile)) {
            measureIngest(db, set);
            Analysis analysis = measureAnalyse(db, set);
            measureRender(db, analysis, work.resolve("report"));
            measureTraces(db);
        }
        dbBytes = sizeOf(dbFile);
        if (options.pflogsumm()) {
            measurePflogsumm(set);
        }
        if (options.nightlyNewLines() > 0) {
            measureNightly(set, work.resolve("nightly"));
        }
        return new BenchResult(
                machine(),
                set.lines(),
                set.files().size(),
                set.paths().stream().mapToLong(Benchmark::sizeOf).sum(),
                phases,
                dbBytes,
                goals(set.lines(), dbBytes));
    }

    /** Decompression alone: every byte through the same streams the reader opens, no line splitting. */
    private void measureGunzip(List<LogFile> files, long lines) throws IOException {
        progress.accept("gunzip");
        byte[] buf = new byte[1 << 16];
        long bytes = 0;
        memory.start();
        long t = System.nanoTime();
        for (LogFile f : files) {
            try (InputStream in = f.compression().open(f.path())) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    bytes += n;
                }
            }
        }
        phase(
                "gunzip",
                lines,
                t,
                String.format(Locale.ROOT, "decompress only: %s uncompressed", BenchResult.bytes(bytes)));
    }

    /** The floor of ingestion: the reader's own path (decompress, split, decode to String), no parse. */
    private void measureRead(List<LogFile> files) {
        progress.accept("read");
        long[] count = new long[1];
        memory.start();
        long t = System.nanoTime();
        for (LogFile f : files) {
            new LogReader().read(f, 0, 0, (n, line, offset) -> count[0] += line.length() >= 0 ? 1 : 0);
        }
        phase("read", count[0], t, "the floor: gunzip + split + UTF-8 decode, no parse");
    }

    private void measureIngest(Database db, BenchSet set) throws SQLException {
        progress.accept("ingest");
        memory.start();
        long t = System.nanoTime();
        Ingestion.Result r = new Ingestion(set.zone(), Clock.systemUTC()).run(db, List.of(set.glob()));
        phase(
                "ingest",
                r.linesRead(),
                t,
                String.format(
                        Locale.ROOT,
                        "parse+correlate+store into a fresh DuckDB file: %,d messages, %,d rejects",
                        r.messagesWritten(),
                        r.rejectsWritten()));
    }

    private Analysis measureAnalyse(Database db, BenchSet set) throws Exception {
        progress.accept("analyse");
        memory.start();
        long t = System.nanoTime();
        ReferenceData.load(db.connection(), Optional.empty());
        Analysis analysis = new Analyser().analyse(db.connection(), lastDays(db, set));
        phase("analyse", 0, t, "reference data + every analyse query, last " + REPORT_DAYS + " days");
        return analysis;
    }

    private void measureRender(Database db, Analysis analysis, Path out) throws IOException, SQLException {
        progress.accept("render");
        memory.start();
        long t = System.nanoTime();
        List<MessageTrace> failed = new Tracer(db.connection()).messages(analysis.failedMessageIds());
        new ReportRenderer().render(analysis, failed, out);
        phase("render", 0, t, "failed messages read, HTML pages, message pages and summary.json");
    }

    /** One lookup each way, for a message from the middle of the history. */
    private void measureTraces(Database db) throws SQLException {
        progress.accept("trace");
        String queueId;
        String recipient;
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT m.queue_id, r.recipient FROM messages m JOIN recipients r"
                        + " USING (msg_id) WHERE m.msg_id >= (SELECT max(msg_id) / 2 FROM messages)"
                        + " AND m.link_kind IS NULL ORDER BY m.msg_id LIMIT 1")) {
            if (!rs.next()) {
                return;
            }
            queueId = rs.getString(1);
            recipient = rs.getString(2);
        }
        Tracer tracer = new Tracer(db.connection());
        trace("trace-recipient", tracer, new TraceQuery(null, recipient, null, null, null, null, null, null, 20));
        trace("trace-queue-id", tracer, new TraceQuery(queueId, null, null, null, null, null, null, null, 20));
    }

    private void trace(String name, Tracer tracer, TraceQuery query) throws SQLException {
        memory.start();
        long t = System.nanoTime();
        TraceResult result = tracer.trace(query);
        phase(
                name,
                0,
                t,
                String.format(
                        Locale.ROOT,
                        "Tracer: %d messages, %d rejects (limit 20)",
                        result.messages().size(),
                        result.rejects().size()));
    }

    /** pflogsumm on the same lines as plain text, decompressed by zcat into a pipe, as admins run it. */
    private void measurePflogsumm(BenchSet set) throws IOException, InterruptedException {
        if (!onPath("pflogsumm") || !onPath("zcat")) {
            progress.accept("pflogsumm not installed: skipped (apt-get install pflogsumm)");
            return;
        }
        progress.accept("pflogsumm");
        StringBuilder cmd = new StringBuilder("zcat -f --");
        for (Path p : set.paths()) {
            cmd.append(" '").append(p.toString().replace("'", "'\\''")).append('\'');
        }
        cmd.append(" | pflogsumm > /dev/null");
        long t = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", cmd.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            progress.accept("pflogsumm failed (exit " + p.exitValue() + "): not counted");
            return;
        }
        phases.add(new Phase(
                "pflogsumm",
                set.lines(),
                (System.nanoTime() - t) / 1e9,
                -1,
                -1,
                -1,
                0,
                0,
                "zcat -f | pflogsumm, report to /dev/null"));
    }

    /**
     * A nightly run as cron starts it: history of the older files already stored, the newest files new, and a fresh
     * JVM running {@code report} (start-up, ingest, analyse, render, publish) with -Xmx512m.
     */
    private void measureNightly(BenchSet set, Path dir) throws Exception {
        Optional<String> jar = runningJar();
        if (jar.isEmpty()) {
            progress.accept("nightly: skipped (run the bench with java -jar postfix-insights.jar to measure it)");
            return;
        }
        if (set.lines() < 2 * options.nightlyNewLines()) {
            progress.accept(String.format(
                    Locale.ROOT,
                    "nightly: skipped (the set needs at least twice the %,d new"
                            + " lines, so that most of it is history)",
                    options.nightlyNewLines()));
            return;
        }
        List<Path> paths = set.paths();
        int split = paths.size();
        long newLines = 0;
        while (split > 1 && newLines < options.nightlyNewLines()) {
            split--;
            newLines += set.files().get(split).lines();
        }
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path dbFile = dir.resolve("history.duckdb");
        for (Path p : paths.subList(0, split)) {
            Files.createSymbolicLink(logs.resolve(p.getFileName()), p);
        }
        progress.accept(String.format(Locale.ROOT, "nightly: storing %,d lines of history", set.lines() - newLines));
        try (Database db = Database.open(dbFile)) {
            new Ingestion(set.zone(), Clock.systemUTC())
                    .run(db, List.of(logs.resolve("mail.log*").toString()));
        }
        for (Path p : paths.subList(split, paths.size())) {
            Files.createSymbolicLink(logs.resolve(p.getFileName()), p);
        }
        progress.accept(String.format(Locale.ROOT, "nightly: report run on %,d new lines", newLines));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + MAX_HEAP_GOAL,
                "-jar",
                jar.get(),
                "report",
                "--logs",
                logs.resolve("mail.log*").toString(),
                "--db",
                dbFile.toString(),
                "--out",
                dir.resolve("report").toString(),
                "--zone",
                set.zone().getId(),
                "--no-mail");
        long t = System.nanoTime();
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("report.log").toFile())
                .start();
        long rss = -1;
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
            rss = Math.max(rss, Memory.peakRss(status));
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(
                    "nightly report run failed (exit " + p.exitValue() + "), see " + dir.resolve("report.log"));
        }
        phases.add(new Phase(
                "nightly",
                newLines,
                seconds,
                -1,
                -1,
                rss,
                0,
                0,
                String.format(
                        Locale.ROOT,
                        "new JVM -Xmx%s: report with %,d new lines on %,d of history, wall incl. start-up",
                        MAX_HEAP_GOAL,
                        newLines,
                        set.lines() - newLines)));
    }

    /** The goals of issue 17, each decided by a figure of this run. */
    private List<Goal> goals(long lines, long dbBytes) {
        List<Goal> goals = new ArrayList<>();
        Phase ingest = phase("ingest");
        Phase read = phase("read");
        Phase pflogsumm = phase("pflogsumm");
        goals.add(new Goal(
                "ingest >= 1,000,000 lines/s end to end from gzip",
                String.format(Locale.ROOT, "%,.0f lines/s", ingest.linesPerSecond()),
                ingest.linesPerSecond() >= 1_000_000));
        double slower = ingest.seconds() / read.seconds();
        goals.add(new Goal(
                "ingest within 3x of the read floor",
                String.format(Locale.ROOT, "%.1fx the read floor", slower),
                slower <= 3));
        if (pflogsumm != null) {
            double faster = ingest.linesPerSecond() / pflogsumm.linesPerSecond();
            goals.add(new Goal(">= 10x pflogsumm", String.format(Locale.ROOT, "%.1fx", faster), faster >= 10));
        } else {
            goals.add(new Goal(">= 10x pflogsumm", "pflogsumm not run", null));
        }
        double bytesPerLine = lines == 0 ? 0 : dbBytes / (double) lines;
        goals.add(new Goal(
                "history <= 30 bytes per line, raw lines kept",
                String.format(Locale.ROOT, "%.1f bytes per line", bytesPerLine),
                bytesPerLine <= 30));
        long maxHeap = Runtime.getRuntime().maxMemory();
        goals.add(new Goal(
                "peak RSS <= 1 GiB during ingest, -Xmx" + MAX_HEAP_GOAL,
                "ingest peak RSS " + BenchResult.bytes(ingest.peakRssBytes()) + " (max heap "
                        + BenchResult.bytes(maxHeap) + ")",
                maxHeap > (512L << 20) || ingest.peakRssBytes() < 0 ? null : ingest.peakRssBytes() <= (1L << 30)));
        Phase nightly = phase("nightly");
        goals.add(
                nightly == null
                        ? new Goal("nightly run <= 5 s wall incl. JVM start", "not run", null)
                        : new Goal(
                                "nightly run <= 5 s wall incl. JVM start",
                                String.format(
                                        Locale.ROOT, "%.1f s for %,d new lines", nightly.seconds(), nightly.lines()),
                                nightly.seconds() <= 5));
        double report = phase("analyse").seconds() + phase("render").seconds();
        goals.add(new Goal("analyse + render <= 2 s", String.format(Locale.ROOT, "%.1f s", report), report <= 2));
        if (lines >= BIG_SET_LINES) {
            goals.add(new Goal(
                    "100M lines ingested in <= 3 min",
                    String.format(Locale.ROOT, "%.0f s for %,d lines", ingest.seconds(), lines),
                    ingest.seconds() <= 180));
            goals.add(new Goal(
                    "report on 100M lines <= 10 s", String.format(Locale.ROOT, "%.1f s", report), report <= 10));
        }
        double trace = Stream.of(phase("trace-recipient"), phase("trace-queue-id"))
                .filter(p -> p != null)
                .mapToDouble(Phase::seconds)
                .max()
                .orElse(-1);
        goals.add(new Goal(
                "trace lookup < 1 s",
                String.format(Locale.ROOT, "slowest %.3f s", trace),
                trace < 0 ? null : trace < 1));
        return goals;
    }

    private Phase phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private void phase(String name, long lines, long startNanos, String note) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Memory.Use use = memory.end();
        phases.add(new Phase(
                name,
                lines,
                seconds,
                use.cpuSeconds(),
                use.peakHeapBytes(),
                use.peakRssBytes(),
                use.gcCount(),
                use.gcMillis(),
                note));
        progress.accept(String.format(Locale.ROOT, "%s: %.3f s", name, seconds));
    }

    /** The report period: the last seven days of the history, in the set's zone. */
    private static ReportPeriod lastDays(Database db, BenchSet set) throws SQLException {
        LocalDate last = LocalDate.ofInstant(new Ledger(db).logSpan().newest(), set.zone());
        return new ReportPeriod(
                last.plusDays(1 - REPORT_DAYS).atStartOfDay(set.zone()).toInstant(),
                last.plusDays(1).atStartOfDay(set.zone()).toInstant(),
                set.zone());
    }

    private static Machine machine() {
        long memoryBytes = -1;
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memoryBytes = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: leave the defaults
        }
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                memoryBytes,
                cpu,
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory());
    }

    /** The jar this JVM was started from with {@code java -jar}, to start the nightly run the same way. */
    private static Optional<String> runningJar() {
        String command = System.getProperty("sun.java.command", "");
        String first = command.split(" ", 2)[0];
        return first.endsWith(".jar") && Files.isRegularFile(Path.of(first))
                ? Optional.of(Path.of(first).toAbsolutePath().toString())
                : Optional.empty();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

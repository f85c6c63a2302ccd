package io.postfixinsights.report;

import io.postfixinsights.analyse.Analysis;
import io.postfixinsights.analyse.Analysis.DomainRate;
import io.postfixinsights.analyse.Analysis.DsnCount;
import io.postfixinsights.analyse.Analysis.FailedRecipient;
import io.postfixinsights.analyse.Analysis.QueuedRecipient;
import io.postfixinsights.analyse.MessageTrace;
import io.postfixinsights.analyse.ReportPeriod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders an {@link Analysis} into a static, self-contained report: {@code index.html}, one
 * {@code domains/<file>.html} drill-down page per listed domain, one {@code messages/<msg_id>.html} trace page per
 * failed or still-queued recipient's message (when given those messages), and {@code summary.json}. It renders
 * from data only: what the pages show is loaded before (the job reads the messages with {@code trace.Tracer}).
 * Templates are {@code .ftlh} (see {@link Templates}): every interpolation is HTML-escaped, which matters since
 * replies, addresses and samples are text from log lines (attacker-controlled).
 */
public final class ReportRenderer {
    private static final Charts CHARTS = new Charts();

    private final boolean redactRecipients;

    public ReportRenderer() {
        this(false);
    }

    /** @param redactRecipients write recipient addresses as {@code h:<hash>@domain} everywhere (see {@link Redactor}) */
    public ReportRenderer(boolean redactRecipients) {
        this.redactRecipients = redactRecipients;
    }

    /** Formatting helpers the templates call, in the report's zone. */
    public record Fmt(ZoneId zone) {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

        public String time(Instant t) {
            return t == null ? "" : TIME.format(t.atZone(zone));
        }

        public String seconds(Instant t) {
            return t == null ? "" : SECONDS.format(t.atZone(zone));
        }

        public String period(ReportPeriod p) {
            // ZoneOffset.UTC calls itself "Z", which reads like a typo in a heading
            return time(p.from()) + " – " + time(p.to()) + " (" + (zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId())
                    + ")";
        }
    }

    /** Relative links from one page to the pages of the run; null where no page was written. */
    public record Links(String prefix, Map<String, String> domainFiles, Set<Long> messagePages) {
        public String domain(String domain) {
            String file = domainFiles.get(domain);
            return file == null ? null : prefix + "domains/" + file;
        }

        public String message(long msgId) {
            return messagePages.contains(msgId) ? prefix + "messages/" + msgId + ".html" : null;
        }

        public String index() {
            return prefix + "index.html";
        }
    }

    /** A listed domain and the relative link to its page. */
    public record DomainLink(DomainRate rate, String href) {}

    public record IndexView(
            Analysis analysis,
            List<DomainLink> domains,
            Fmt fmt,
            Links links,
            Charts charts,
            Charts.Columns dailyVolume,
            Charts.Lines dailyRates,
            Charts.Columns weeklyVolume,
            Charts.Lines weeklyRates,
            Map<String, Charts.Sparkline> sparklines,
            Map<String, Charts.Bar> dsnMix) {}

    public record DomainView(
            Analysis analysis,
            DomainRate rate,
            List<DsnCount> dsnCodes,
            List<FailedRecipient> failed,
            List<QueuedRecipient> queued,
            Fmt fmt,
            Links links,
            Charts charts,
            Charts.Bar dsnMix) {}

    public record MessageView(Analysis analysis, MessageTrace message, Fmt fmt, Links links) {}

    /** Renders without trace pages: failed recipients are listed but not linked. */
    public void render(Analysis analysis, Path outDir) throws IOException {
        render(analysis, List.of(), outDir);
    }

    /**
     * Renders the report with a trace page for each of {@code messages}: the messages of
     * {@link Analysis#failedMessageIds()}, read from the history the analysis ran on.
     */
    public void render(Analysis original, List<MessageTrace> messages, Path outDir) throws IOException {
        Redactor redactor = redactRecipients ? new Redactor() : null;
        Analysis analysis = redactor == null ? original : redactor.apply(original);
        Path domainDir = outDir.resolve("domains");
        Files.createDirectories(domainDir);
        Fmt fmt = new Fmt(analysis.period().zone());

        Map<String, String> domainFiles = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (DomainRate d : analysis.domains()) {
            domainFiles.put(d.domain(), uniqueFileName(d.domain(), taken));
        }
        Set<Long> messagePages = messages.isEmpty()
                ? Set.of()
                : writeMessagePages(analysis, messages, redactor, fmt, outDir.resolve("messages"), domainFiles);

        Links fromDomain = new Links("../", domainFiles, messagePages);
        Map<String, Charts.Bar> dsnMix = CHARTS.dsnMix(analysis.dsnCodes(), 240, 14);
        Map<String, Charts.Bar> dsnMixWide = CHARTS.dsnMix(analysis.dsnCodes(), 600, 18);
        List<DomainLink> links = new ArrayList<>();
        for (DomainRate d : analysis.domains()) {
            String file = domainFiles.get(d.domain());
            links.add(new DomainLink(d, "domains/" + file));
            write(
                    "domain.ftlh",
                    new DomainView(
                            analysis,
                            d,
                            analysis.dsnCodes().stream()
                                    .filter(c -> c.domain().equals(d.domain()))
                                    .toList(),
                            analysis.failedRecipients().stream()
                                    .filter(f -> d.domain().equals(f.domain()))
                                    .toList(),
                            analysis.stillQueued().stream()
                                    .filter(q -> d.domain().equals(q.domain()))
                                    .toList(),
                            fmt,
                            fromDomain,
                            CHARTS,
                            dsnMixWide.get(d.domain())),
                    domainDir.resolve(file));
        }
        write(
                "index.ftlh",
                new IndexView(
                        analysis,
                        links,
                        fmt,
                        new Links("", domainFiles, messagePages),
                        CHARTS,
                        CHARTS.volume(analysis.providersByDay(), 720, 180),
                        CHARTS.rates(analysis.providersByDay(), 720, 140),
                        CHARTS.volume(analysis.weeklyHistory(), 720, 180),
                        CHARTS.rates(analysis.weeklyHistory(), 720, 140),
                        CHARTS.sparklines(analysis.weeklyHistory(), 120, 26),
                        dsnMix),
                outDir.resolve("index.html"));
        SummaryJson.write(analysis, outDir.resolve("summary.json"));
    }

    private static Set<Long> writeMessagePages(
            Analysis analysis,
            List<MessageTrace> messages,
            Redactor redactor,
            Fmt fmt,
            Path dir,
            Map<String, String> domainFiles)
            throws IOException {
        Set<Long> ids = new HashSet<>();
        messages.forEach(m -> ids.add(m.msgId()));
        Files.createDirectories(dir);
        Links links = new Links("../", domainFiles, ids);
        for (MessageTrace m : messages) {
            write(
                    "message.ftlh",
                    new MessageView(analysis, redactor == null ? m : redactor.apply(m), fmt, links),
                    dir.resolve(m.msgId() + ".html"));
        }
        return Set.copyOf(ids);
    }

    private static void write(String template, Object model, Path file) throws IOException {
        Templates.write(template, model, file);
    }

    /**
     * A file name for a domain that is safe on any file system and in a URL: a domain comes from a log line, so
     * anything but letters, digits, '.' and '-' is replaced and a clash gets a number.
     */
    static String safeFileName(String domain) {
        String s = (domain == null ? "" : domain)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.-]", "_")
                .replaceAll("\\.{2,}", "_");
        if (s.isEmpty() || s.startsWith(".")) {
            s = "_" + s;
        }
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    private static String uniqueFileName(String domain, Set<String> taken) {
        String base = safeFileName(domain);
        String name = base + ".html";
        for (int i = 2; !taken.add(name); i++) {
            name = base + "-" + i + ".html";
        }
        return name;
    }
}

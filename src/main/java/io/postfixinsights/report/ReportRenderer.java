package io.postfixinsights.report;

import io.postfixinsights.analyse.Analysis;
import io.postfixinsights.analyse.Analysis.DomainRate;
import io.postfixinsights.analyse.Analysis.DsnCount;
import io.postfixinsights.analyse.ReportPeriod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders an {@link Analysis} into a static, self-contained report: {@code index.html}, one
 * {@code domains/<file>.html} drill-down page per listed domain, and {@code summary.json}. Templates come from the
 * classpath folder {@code templates/}; {@code .ftlh} files escape every interpolation as HTML, which matters since
 * replies, addresses and samples are text from log lines (attacker-controlled).
 */
public final class ReportRenderer {
    /** Formatting helpers the templates call, in the report's zone. */
    public record Fmt(ZoneId zone) {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

        public String time(Instant t) {
            return t == null ? "" : TIME.format(t.atZone(zone));
        }

        public String period(ReportPeriod p) {
            return time(p.from()) + " – " + time(p.to()) + " (" + zone.getId() + ")";
        }
    }

    /** A listed domain and the relative link to its page. */
    public record DomainLink(DomainRate rate, String href) {}

    public record IndexView(Analysis analysis, List<DomainLink> domains, Fmt fmt) {}

    public record DomainView(Analysis analysis, DomainRate rate, List<DsnCount> dsnCodes, Fmt fmt) {}

    public void render(Analysis analysis, Path outDir) throws IOException {
        Path domainDir = outDir.resolve("domains");
        Files.createDirectories(domainDir);
        Fmt fmt = new Fmt(analysis.period().zone());
        List<DomainLink> links = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (DomainRate d : analysis.domains()) {
            String file = uniqueFileName(d.domain(), taken);
            links.add(new DomainLink(d, "domains/" + file));
            List<DsnCount> codes = analysis.dsnCodes().stream().filter(c -> c.domain().equals(d.domain())).toList();
            write("domain.ftlh", new DomainView(analysis, d, codes, fmt), domainDir.resolve(file));
        }
        write("index.ftlh", new IndexView(analysis, links, fmt), outDir.resolve("index.html"));
        SummaryJson.write(analysis, outDir.resolve("summary.json"));
    }

    private static void write(String template, Object model, Path file) throws IOException {
        Templates.write(template, model, file);
    }

    /**
     * A file name for a domain that is safe on any file system and in a URL: a domain comes from a log line, so
     * anything but letters, digits, '.' and '-' is replaced and a clash gets a number.
     */
    static String safeFileName(String domain) {
        String s = (domain == null ? "" : domain).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "_")
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

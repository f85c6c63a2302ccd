package io.postfixinsights.parse;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * How much of each log source the parser understands: lines read, Postfix lines, the share recognised, and the
 * unrecognised Postfix lines by kind with up to five samples each. Each source gets a fresh {@link LineParser}.
 */
public final class ParserCoverage {

    private static final int SAMPLES_PER_KIND = 5;

    private final ZoneId zone;
    private final List<SourceCoverage> sources = new ArrayList<>();

    public ParserCoverage(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * Coverage of one source.
     *
     * @param otherProgramLines well-formed syslog lines of other programs
     * @param noHeaderLines lines without a readable syslog header (not counted as Postfix lines)
     * @param unrecognised unrecognised Postfix lines by reason, in reason order
     * @param samples up to five lines per reason
     */
    public record SourceCoverage(
            String name,
            long linesRead,
            long postfixLines,
            long otherProgramLines,
            long noHeaderLines,
            Map<String, Long> unrecognised,
            Map<String, List<String>> samples) {

        public long unrecognisedCount() {
            return unrecognised.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Recognised Postfix lines in percent; 100 when there are none. */
        public double recognisedPercent() {
            return postfixLines == 0 ? 100.0 : 100.0 * (postfixLines - unrecognisedCount()) / postfixLines;
        }
    }

    /** Parses every line of a source and records its coverage. */
    public SourceCoverage add(String name, Iterator<String> lines) {
        LineParser parser = new LineParser(zone);
        parser.startFile(Instant.now());
        long read = 0;
        long postfix = 0;
        long other = 0;
        long noHeader = 0;
        Map<String, Long> unrecognised = new TreeMap<>();
        Map<String, List<String>> samples = new TreeMap<>();
        while (lines.hasNext()) {
            String line = lines.next();
            read++;
            ParseResult result = parser.parse(line);
            if (result instanceof ParseResult.Parsed) {
                postfix++;
            } else if (result instanceof ParseResult.OtherProgram) {
                other++;
            } else if (result instanceof ParseResult.Unrecognised u) {
                if (u.header() == null) {
                    noHeader++;
                } else {
                    postfix++;
                    unrecognised.merge(u.reason(), 1L, Long::sum);
                    List<String> kept = samples.computeIfAbsent(u.reason(), k -> new ArrayList<>());
                    if (kept.size() < SAMPLES_PER_KIND) {
                        kept.add(line);
                    }
                }
            }
        }
        SourceCoverage coverage = new SourceCoverage(name, read, postfix, other, noHeader, unrecognised, samples);
        sources.add(coverage);
        return coverage;
    }

    public List<SourceCoverage> sources() {
        return List.copyOf(sources);
    }

    /** A Markdown table, one row per source plus a total, then the unrecognised samples. */
    public String toMarkdown() {
        return toMarkdown(name -> true);
    }

    /**
     * As {@link #toMarkdown()}, quoting sample lines only of sources {@code mayQuote} accepts (logs without a licence
     * must not be republished); the others are named with their count.
     */
    public String toMarkdown(Predicate<String> mayQuote) {
        StringBuilder md = new StringBuilder();
        md.append("| source | lines | Postfix lines | recognised | unrecognised | other programs | no header |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        long lines = 0;
        long postfix = 0;
        long unknown = 0;
        long other = 0;
        long noHeader = 0;
        for (SourceCoverage s : sources) {
            row(
                    md,
                    cell(s.name()),
                    s.linesRead(),
                    s.postfixLines(),
                    s.recognisedPercent(),
                    s.unrecognisedCount(),
                    s.otherProgramLines(),
                    s.noHeaderLines());
            lines += s.linesRead();
            postfix += s.postfixLines();
            unknown += s.unrecognisedCount();
            other += s.otherProgramLines();
            noHeader += s.noHeaderLines();
        }
        double total = postfix == 0 ? 100.0 : 100.0 * (postfix - unknown) / postfix;
        row(md, "**total**", lines, postfix, total, unknown, other, noHeader);
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (SourceCoverage s : sources) {
            s.samples().forEach((kind, list) -> {
                List<String> quoted = byKind.computeIfAbsent(kind, k -> new ArrayList<>());
                if (mayQuote.test(s.name())) {
                    list.forEach(line -> quoted.add(s.name() + ": " + line));
                } else {
                    quoted.add(s.name() + ": " + s.unrecognised().get(kind) + " line(s), not quoted (no licence)");
                }
            });
        }
        if (!byKind.isEmpty()) {
            md.append("\n### Unrecognised samples\n");
            byKind.forEach((kind, list) -> {
                md.append("\n**").append(cell(kind)).append("**\n\n");
                list.stream()
                        .limit(SAMPLES_PER_KIND)
                        .forEach(line -> md.append("    ").append(line).append('\n'));
            });
        }
        return md.toString();
    }

    private static void row(
            StringBuilder md,
            String name,
            long lines,
            long postfix,
            double percent,
            long unknown,
            long other,
            long noHeader) {
        md.append("| ")
                .append(name)
                .append(" | ")
                .append(lines)
                .append(" | ")
                .append(postfix)
                .append(" | ")
                .append(String.format(java.util.Locale.ROOT, "%.2f %%", percent))
                .append(" | ")
                .append(unknown)
                .append(" | ")
                .append(other)
                .append(" | ")
                .append(noHeader)
                .append(" |\n");
    }

    /** Markdown table cells must not break the table. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}

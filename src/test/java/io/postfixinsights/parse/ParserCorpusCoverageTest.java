package io.postfixinsights.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every log of the shared corpus: no Postfix line may stay unrecognised. Writes the coverage table to
 * {@code docs/PARSER-COVERAGE.md}, which is committed.
 */
class ParserCorpusCoverageTest {

    @Test
    void should_recognise_every_postfix_line_of_the_corpus() throws IOException {
        Path root = CorpusFiles.root();
        ParserCoverage coverage = new ParserCoverage(ZoneOffset.UTC);
        for (Path log : CorpusFiles.logs()) {
            coverage.add(root.relativize(log).toString(), CorpusFiles.lines(log).iterator());
        }

        Path doc = Path.of(System.getProperty("user.dir"), "docs", "PARSER-COVERAGE.md");
        Files.createDirectories(doc.getParent());
        Files.writeString(doc, header() + coverage.toMarkdown(ParserCorpusCoverageTest::licensed) + FOOTER);

        assertThat(coverage.sources()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(coverage.sources())
                .allSatisfy(s ->
                        assertThat(s.unrecognised()).as(s.name()).isEqualTo(ALLOWED.getOrDefault(s.name(), Map.of())));
    }

    /**
     * Unrecognised lines we accept, each a damaged line rather than a Postfix format we miss:
     * infohtreasure/maillog line 2026 (and the same paste at mailog2 line 5351) is a delivery line wrapped over three
     * lines by a terminal paste (the first part has no status; the rest has no header); gomaillex/maillog line 78
     * reads {@code removedo}, a typo.
     */
    private static final Map<String, Map<String, Long>> ALLOWED = Map.of(
            "infohtreasure/maillog", Map.of("unknown-smtp", 1L),
            "infohtreasure/mailog2", Map.of("unknown-smtp", 1L),
            "gomaillex/maillog", Map.of("unknown-qmgr", 1L));

    /** Sources whose licence lets us quote lines (see ../shared/corpus/SOURCES.md). */
    private static boolean licensed(String source) {
        return source.startsWith("pixelpark/")
                || source.startsWith("fail2ban/")
                || source.startsWith("crowdsec/")
                || source.startsWith("infohtreasure/")
                || source.startsWith("grok-patterns/");
    }

    private static String header() {
        return """
                # Parser coverage on the shared corpus

                Written by `ParserCorpusCoverageTest` (run `./mvnw -q -B test -Dtest='ParserCorpusCoverageTest'`).
                For your own logs: `java -jar target/postfix-insights.jar coverage '/var/log/mail.log*'`.
                "Postfix lines" are lines with a syslog header whose program tag is a Postfix daemon (see
                `LineParser`); "recognised" counts those that became an event or a named noise kind. Lines of
                other programs (dovecot, amavis, sendmail...) and lines without a syslog header are counted apart.

                """;
    }

    private static final String FOOTER = """

            ## What the no-header lines are

            - `infohtreasure/*`: Roundcube log lines (`[20-Oct-2020 14:56:10 +0100]: ...`) pasted into the mail log,
              blank lines, and 52 lines in a non-syslog debug format (`Dec 18 16:15:28 [postfix/smtpd] ...`, no host,
              no pid): TLS handshake dumps that carry nothing per message.
            - `fail2ban/postfix`: the `# failJSON:` annotations and blank lines of the test file.
            - others: blank lines.

            ## The three unrecognised lines

            All are damaged lines, allowed explicitly in the test: a delivery line wrapped over three lines by a
            terminal paste, present in both `infohtreasure/maillog` (line 2026) and `infohtreasure/mailog2` (line 5351) (its first part has no `status=`, its continuation no header), and a
            `qmgr` line of `gomaillex/maillog` whose `removed` carries a typo (`removedo`).

            ## Verbose logging

            `infohtreasure/*` was logged with `-v` (debug) for a while: about 15,000 lines such as `name_mask: all`,
            `send attr request = resolve`, `qmgr_scan_start: ...`, and SMTP session traces (`< host[ip]: EHLO x`).
            They are recognised as noise of kind `verbose` and `smtp-trace` (see `VerboseLines`), checked only after
            every real message shape failed.
            """;
}

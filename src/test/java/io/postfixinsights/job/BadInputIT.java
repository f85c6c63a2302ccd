package io.postfixinsights.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.postfixinsights.testsupport.JarRun;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One night over a folder of damaged input, next to good lines: a truncated gzip, a gzip whose header is broken, a
 * file nobody may read, invalid UTF-8 and control bytes, lines of pure garbage, a 10 MB line, an empty file. The run
 * must use every line it can, count the rest, name every problem, and exit 5 (report written, some input unread).
 * Expected counts come from the bytes the test wrote (and, for the truncated gzip, from the JDK's own inflater).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int GARBAGE_LINES = 200;
    static final int BAD_BYTE_LINES = 3;

    @TempDir
    static Path work;

    Path bad;
    long truncatedLines;
    long expectedLines;
    JarRun run;

    @BeforeAll
    void runOverBadInput() throws Exception {
        List<String> stream = LogStream.lines();
        bad = Files.createDirectories(work.resolve("bad"));

        // a rotation cut off in the middle of its gzip stream
        byte[] gz = gzip(String.join("\n", stream.subList(0, 3000)) + "\n");
        Path truncated = bad.resolve("mail.log.3.gz");
        Files.write(truncated, Arrays.copyOf(gz, gz.length * 6 / 10));
        truncatedLines = completeLinesOfTruncatedGzip(truncated);

        // gzip magic bytes, then nothing a decompressor understands: the file cannot be read at all
        Files.write(bad.resolve("mail.log.2.gz"), new byte[] {0x1f, (byte) 0x8b, 0x55, 0x55, 0x55, 0x55, 0x55});

        // good lines with invalid UTF-8 and control bytes in three of them
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        List<String> part = stream.subList(3000, 3500);
        for (int i = 0; i < part.size(); i++) {
            byte[] line = part.get(i).getBytes(StandardCharsets.UTF_8);
            if (i == 10 || i == 20 || i == 30) {
                line[line.length - 5] = (byte) (i == 10 ? 0xff : i == 20 ? 0x00 : 0x1b);
            }
            one.write(line);
            one.write('\n');
        }
        Files.write(bad.resolve("mail.log.1"), one.toByteArray());

        // the live file: good lines around one 10 MB line
        ByteArrayOutputStream live = new ByteArrayOutputStream();
        live.write((String.join("\n", stream.subList(3500, 3600)) + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] huge = new byte[10 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        live.write(huge);
        live.write('\n');
        live.write((String.join("\n", stream.subList(3600, 3700)) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(bad.resolve("mail.log"), live.toByteArray());

        // lines of random high bytes, each starting with 0xFF (never valid UTF-8)
        Random random = new Random(42);
        ByteArrayOutputStream garbage = new ByteArrayOutputStream();
        for (int i = 0; i < GARBAGE_LINES; i++) {
            byte[] line = new byte[1 + random.nextInt(300)];
            random.nextBytes(line);
            for (int j = 0; j < line.length; j++) {
                line[j] = (byte) (line[j] | 0x80);
            }
            line[0] = (byte) 0xff;
            garbage.write(line);
            garbage.write('\n');
        }
        Files.write(bad.resolve("garbage.log"), garbage.toByteArray());

        Files.createFile(bad.resolve("empty.log"));
        Path locked = bad.resolve("locked.log");
        Files.write(locked, stream.subList(0, 10), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));

        expectedLines = truncatedLines + 500 + 100 + 1 + 100 + GARBAGE_LINES;
        run = JarRun.run(
                JarRun.builder(
                        work,
                        unprivileged(),
                        Map.of(),
                        "report",
                        "--logs",
                        bad + "/*",
                        "--db",
                        "db.duckdb",
                        "--out",
                        "out",
                        "--zone",
                        LogStream.ZONE.getId(),
                        "--no-mail"),
                work);
    }

    /**
     * Root reads any file whatever its mode, so as root the jar runs as {@code nobody} (as the README's cron user
     * would run without the adm group); without setpriv that is impossible and the test is skipped.
     */
    List<String> unprivileged() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        Path setpriv = Path.of("/usr/bin/setpriv");
        assumeTrue(
                Files.isExecutable(setpriv),
                "skipped: running as root and /usr/bin/setpriv is missing, so no" + " file can be made unreadable");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        return List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups");
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** Newlines the JDK's inflater gets out of the file before the stream breaks. */
    static long completeLinesOfTruncatedGzip(Path file) throws IOException {
        long lines = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            int b;
            while ((b = in.read()) >= 0) {
                lines += b == '\n' ? 1 : 0;
            }
            throw new AssertionError("the gzip stream was meant to be truncated");
        } catch (EOFException expected) {
            return lines;
        }
    }

    JsonNode dataQuality() throws IOException {
        return JSON.readTree(work.resolve("out/latest/summary.json").toFile())
                .get("analysis")
                .get("dataQuality");
    }

    List<String> db(String sql) throws Exception {
        return DbContent.rows(work.resolve("db.duckdb"), sql);
    }

    @Test
    void should_write_the_report_and_exit_5_naming_the_unreadable_files() {
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(5);
        assertThat(run.lastErrLine())
                .isEqualTo("postfix-insights report failed: 2 log file(s) could not be read;"
                        + " the report covers the others");
        assertThat(run.stderr())
                .contains("error: not readable (permission denied): " + bad.resolve("locked.log"))
                .contains("error: cannot read " + bad.resolve("mail.log.2.gz"))
                .doesNotContain("empty.log");
        assertThat(work.resolve("out/latest/index.html")).isRegularFile();
    }

    @Test
    void should_use_every_complete_line_of_the_truncated_gzip_and_say_where_it_broke() throws Exception {
        assertThat(truncatedLines).isGreaterThan(1000);
        assertThat(run.stderr())
                .contains("warning: " + bad.resolve("mail.log.3.gz")
                        + ": compressed stream ends early or is corrupt after line " + truncatedLines + " (");
        assertThat(
                        db(
                                "SELECT lines_consumed, complete, truncated FROM ingested_files WHERE path LIKE '%mail.log.3.gz'"))
                .containsExactly(truncatedLines + "\tfalse\ttrue");
        assertThat(dataQuality().get("truncatedFiles").asInt()).isEqualTo(1);
    }

    @Test
    void should_count_every_line_it_could_read_and_drop_none() throws Exception {
        assertThat(db("SELECT lines_read, lines_used + lines_noise + lines_other + lines_unrecognised, status"
                        + " FROM runs"))
                .containsExactly(expectedLines + "\t" + expectedLines + "\tcompleted");
        assertThat(dataQuality().get("linesRead").asLong()).isEqualTo(expectedLines);
    }

    @Test
    void should_count_bad_bytes_and_the_long_line_with_file_and_line() throws Exception {
        assertThat(db("SELECT kind, lines FROM line_kinds WHERE category = 'error' ORDER BY kind"))
                .containsExactly(
                        "invalid-bytes\t" + (GARBAGE_LINES + BAD_BYTE_LINES), "long-line\t1", "truncated-gzip\t1");
        assertThat(db("SELECT sample_file, sample_line FROM line_kinds WHERE kind = 'long-line'"))
                .containsExactly(bad.resolve("mail.log") + "\t101");
    }

    @Test
    void should_skip_the_empty_file_without_a_ledger_row_or_a_complaint() throws Exception {
        assertThat(db("SELECT count(*) FROM ingested_files WHERE path LIKE '%empty.log'"))
                .containsExactly("0");
        assertThat(db("SELECT count(*) FROM ingested_files")).containsExactly("4");
    }
}

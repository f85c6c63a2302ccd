package io.postfixinsights.source;

import static io.postfixinsights.source.TestFiles.compress;
import static io.postfixinsights.source.TestFiles.lines;
import static io.postfixinsights.source.TestFiles.logFile;
import static io.postfixinsights.source.TestFiles.text;
import static io.postfixinsights.source.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LogReaderTest {

    @TempDir
    Path dir;

    private final LogReader reader = new LogReader();

    /** What the consumer received. */
    private static final class Collected {
        final List<String> lines = new ArrayList<>();
        final List<Long> numbers = new ArrayList<>();
        final List<Long> offsets = new ArrayList<>();

        void accept(long number, String line, long offsetAfter) {
            numbers.add(number);
            lines.add(line);
            offsets.add(offsetAfter);
        }
    }

    private ReadResult read(Path file, long offset, long startLine, Collected into) throws IOException {
        return reader.read(logFile(file), offset, startLine, into::accept);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void should_read_every_line_with_exact_offsets(Compression compression) throws IOException {
        List<String> expected = lines(1, 5000);
        Path file = write(dir.resolve("mail.log"), compression, expected);
        Collected got = new Collected();

        ReadResult result = read(file, 0, 0, got);

        assertThat(got.lines).isEqualTo(expected);
        assertThat(got.numbers.get(0)).isEqualTo(1);
        assertThat(got.numbers.get(4999)).isEqualTo(5000);
        // offset after line i = sum of (UTF-8 length + 1) of lines 1..i
        long sum = 0;
        for (int i = 0; i < expected.size(); i++) {
            sum += expected.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
            assertThat(got.offsets.get(i)).isEqualTo(sum);
        }
        assertThat(result.endOffset()).isEqualTo(text(expected).length);
        assertThat(result.linesRead()).isEqualTo(5000);
        assertThat(result.complete()).isEqualTo(compression != Compression.NONE);
        assertThat(result.truncated()).isFalse();
        assertThat(result.problem()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void should_read_all_concatenated_members(Compression compression) throws IOException {
        List<String> first = lines(1, 300);
        List<String> second = lines(301, 200);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(compress(compression, text(first)));
        both.write(compress(compression, text(second)));
        Path file = write(dir.resolve("cat.gz"), both.toByteArray());
        Collected got = new Collected();

        ReadResult result = read(file, 0, 0, got);

        assertThat(got.lines).hasSize(500);
        assertThat(got.lines.get(299)).isEqualTo(first.get(299));
        assertThat(got.lines.get(499)).isEqualTo(second.get(199));
        assertThat(result.complete()).isTrue();
    }

    @Test
    void should_detect_compression_by_magic_bytes_not_by_name() throws IOException {
        Path gzipNamedTxt = write(dir.resolve("mail.log.txt"), Compression.GZIP, lines(1, 3));
        Path xzNamedGz = write(dir.resolve("mail.log.1.gz"), Compression.XZ, lines(1, 3));
        Path plainNamedZst = write(dir.resolve("mail.log.2.zst"), Compression.NONE, lines(1, 3));
        Path bzip2 = write(dir.resolve("x"), Compression.BZIP2, lines(1, 3));
        Path zstd = write(dir.resolve("y"), Compression.ZSTD, lines(1, 3));

        assertThat(Compression.detect(gzipNamedTxt)).isEqualTo(Compression.GZIP);
        assertThat(Compression.detect(xzNamedGz)).isEqualTo(Compression.XZ);
        assertThat(Compression.detect(plainNamedZst)).isEqualTo(Compression.NONE);
        assertThat(Compression.detect(bzip2)).isEqualTo(Compression.BZIP2);
        assertThat(Compression.detect(zstd)).isEqualTo(Compression.ZSTD);
        assertThat(Compression.detect(write(dir.resolve("empty"), new byte[0]))).isEqualTo(Compression.NONE);
    }

    @Test
    void should_use_every_complete_line_of_a_truncated_gzip_and_report_where() throws IOException {
        List<String> all = lines(1, 20000);
        byte[] gz = compress(Compression.GZIP, text(all));
        Path file = write(dir.resolve("mail.log.2.gz"), Arrays.copyOf(gz, gz.length / 2));
        Collected got = new Collected();

        ReadResult result = read(file, 0, 0, got);

        int n = got.lines.size();
        assertThat(n).isBetween(1, 19999).isEqualTo(completeLinesBeforeTheBreak(file));
        assertThat(got.lines).isEqualTo(all.subList(0, n)); // complete lines only, none cut
        assertThat(result.truncated()).isTrue();
        assertThat(result.complete()).isFalse();
        assertThat(result.endLine()).isEqualTo(n);
        assertThat(result.endOffset()).isEqualTo(text(all.subList(0, n)).length);
        assertThat(result.problem()).contains("mail.log.2.gz").contains("after line " + n);
    }

    /** Newlines the JDK inflater yields, one byte at a time, before the truncated stream breaks. */
    private static long completeLinesBeforeTheBreak(Path gz) throws IOException {
        long lines = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            for (int b; (b = in.read()) >= 0; ) {
                lines += b == '\n' ? 1 : 0;
            }
        } catch (EOFException expected) {
            return lines;
        }
        throw new AssertionError(gz + " is not truncated");
    }

    @Test
    void should_count_invalid_utf8_and_control_bytes_and_pass_the_lines_on() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("ok line\n".getBytes(StandardCharsets.UTF_8));
        b.write(new byte[] {'b', 'a', 'd', ' ', (byte) 0xff, (byte) 0xfe, ' ', 'x', '\n'});
        b.write(new byte[] {'n', 'u', 'l', 0, 'b', 'y', 't', 'e', '\n'});
        b.write("caf\u00e9 is valid UTF-8\n".getBytes(StandardCharsets.UTF_8));
        b.write(new byte[] {(byte) 0xc3, '\n'}); // a lone lead byte
        Path file = write(dir.resolve("mail.log"), b.toByteArray());
        Collected got = new Collected();

        ReadResult result = read(file, 0, 0, got);

        assertThat(got.lines).hasSize(5);
        assertThat(got.lines.get(1)).isEqualTo("bad \uFFFD\uFFFD x");
        assertThat(got.lines.get(2)).isEqualTo("nul\uFFFDbyte");
        assertThat(got.lines.get(3)).isEqualTo("caf\u00e9 is valid UTF-8");
        assertThat(got.lines.get(4)).isEqualTo("\uFFFD");
        assertThat(result.badByteLines()).isEqualTo(3);
        assertThat(result.firstBadByteLine()).isEqualTo(2);
        assertThat(result.endOffset()).isEqualTo(b.size());
    }

    @Test
    void should_read_nothing_from_an_empty_file() throws IOException {
        Path file = write(dir.resolve("mail.log"), new byte[0]);
        Collected got = new Collected();

        ReadResult result = read(file, 0, 0, got);

        assertThat(got.lines).isEmpty();
        assertThat(result.endOffset()).isZero();
        assertThat(result.problem()).isNull();
    }

    @ParameterizedTest
    @EnumSource(
            value = Compression.class,
            names = {"NONE", "GZIP"})
    void should_cut_a_10_mb_line_count_it_and_go_on(Compression compression) throws IOException {
        byte[] huge = new byte[10 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("before\n".getBytes(StandardCharsets.UTF_8));
        b.write(huge);
        b.write('\n');
        b.write("after\n".getBytes(StandardCharsets.UTF_8));
        Path file = write(dir.resolve("big"), compress(compression, b.toByteArray()));
        Collected got = new Collected();

        ReadResult result = read(file, 0, 0, got);

        assertThat(got.lines).hasSize(3);
        assertThat(got.lines.get(0)).isEqualTo("before");
        assertThat(got.lines.get(1)).hasSize(LogReader.MAX_LINE_BYTES).matches("x+");
        assertThat(got.lines.get(2)).isEqualTo("after");
        assertThat(got.offsets.get(1)).isEqualTo(7 + huge.length + 1);
        assertThat(result.endOffset()).isEqualTo(b.size());
        assertThat(result.longLines()).isEqualTo(1);
        assertThat(result.firstLongLine()).isEqualTo(2);
    }

    @Test
    void should_leave_an_unterminated_last_line_of_a_plain_file_for_the_next_read() throws IOException {
        Path file = write(dir.resolve("mail.log"), "one\ntwo\nthr".getBytes(StandardCharsets.UTF_8));
        Collected first = new Collected();

        ReadResult r1 = read(file, 0, 0, first);

        assertThat(first.lines).containsExactly("one", "two");
        assertThat(r1.endOffset()).isEqualTo(8);
        assertThat(r1.endLine()).isEqualTo(2);

        Files.write(file, "ee\nfour\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        Collected second = new Collected();
        ReadResult r2 = read(file, r1.endOffset(), r1.endLine(), second);

        assertThat(second.lines).containsExactly("three", "four");
        assertThat(second.numbers).containsExactly(3L, 4L);
        assertThat(r2.endOffset()).isEqualTo(Files.size(file));
    }

    @Test
    void should_consume_an_unterminated_last_line_of_a_compressed_file() throws IOException {
        Path file = write(
                dir.resolve("mail.log.1.gz"),
                compress(Compression.GZIP, "one\ntwo\nthree".getBytes(StandardCharsets.UTF_8)));
        Collected got = new Collected();

        ReadResult result = read(file, 0, 0, got);

        assertThat(got.lines).containsExactly("one", "two", "three");
        assertThat(result.endOffset()).isEqualTo(13);
        assertThat(result.complete()).isTrue();
    }

    @Test
    void should_resume_a_compressed_file_at_an_uncompressed_offset() throws IOException {
        List<String> all = lines(1, 10);
        Path file = write(dir.resolve("mail.log.2.gz"), Compression.GZIP, all);
        long afterFour = text(all.subList(0, 4)).length;
        Collected got = new Collected();

        ReadResult result = read(file, afterFour, 4, got);

        assertThat(got.lines).isEqualTo(all.subList(4, 10));
        assertThat(got.numbers.get(0)).isEqualTo(5);
        assertThat(result.endLine()).isEqualTo(10);
        assertThat(result.complete()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = Compression.class,
            names = {"NONE", "GZIP"})
    void should_report_content_shorter_than_the_resume_offset(Compression compression) throws IOException {
        List<String> all = lines(1, 10);
        Path file = write(dir.resolve("mail.log"), compression, all);
        long beyond = text(all).length + 100;
        Collected got = new Collected();

        ReadResult result = read(file, beyond, 10, got);

        assertThat(got.lines).isEmpty();
        assertThat(result.problem()).contains("shorter than the resume offset " + beyond);
        assertThat(result.endOffset()).isEqualTo(beyond);
        assertThat(result.complete()).isFalse();
    }

    @Test
    void should_strip_carriage_returns() throws IOException {
        Path file = write(dir.resolve("crlf"), "a\r\nb\r\n".getBytes(StandardCharsets.UTF_8));
        Collected got = new Collected();

        read(file, 0, 0, got);

        assertThat(got.lines).containsExactly("a", "b");
        assertThat(got.offsets).containsExactly(3L, 6L);
    }

    @Test
    void should_report_a_file_that_vanished_instead_of_throwing() throws IOException {
        Path file = write(dir.resolve("mail.log"), "a\n".getBytes(StandardCharsets.UTF_8));
        LogFile found = logFile(file);
        Files.delete(file);

        ReadResult result = reader.read(found, 0, 0, (n, l, o) -> {});

        assertThat(result.problem()).contains(file.toString());
        assertThat(result.complete()).isFalse();
    }
}

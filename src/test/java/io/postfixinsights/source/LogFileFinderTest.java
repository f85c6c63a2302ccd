package io.postfixinsights.source;

import static io.postfixinsights.source.TestFiles.lines;
import static io.postfixinsights.source.TestFiles.touch;
import static io.postfixinsights.source.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileFinderTest {

    @TempDir
    Path dir;

    private final LogFileFinder finder = new LogFileFinder();

    private Path file(String name, Compression c, Instant modified) throws IOException {
        Path p = write(dir.resolve(name), c, lines(1, 2));
        touch(p, modified);
        return p;
    }

    private static List<String> names(FoundFiles found) {
        return found.files().stream()
                .map(f -> f.path().getFileName().toString())
                .collect(Collectors.toList());
    }

    @Test
    void should_order_numbered_rotations_oldest_first_whatever_the_modification_times() throws IOException {
        Instant t = Instant.parse("2026-11-22T00:00:00Z");
        // modification times deliberately the wrong way round: a plain cp resets them
        file("mail.log", Compression.NONE, t.minusSeconds(1000));
        file("mail.log.1", Compression.NONE, t);
        for (int i = 2; i <= 10; i++) {
            file("mail.log." + i + ".gz", Compression.GZIP, t.plusSeconds(i));
        }

        FoundFiles found = finder.find(List.of(dir + "/mail.log*"));

        assertThat(names(found))
                .containsExactly(
                        "mail.log.10.gz",
                        "mail.log.9.gz",
                        "mail.log.8.gz",
                        "mail.log.7.gz",
                        "mail.log.6.gz",
                        "mail.log.5.gz",
                        "mail.log.4.gz",
                        "mail.log.3.gz",
                        "mail.log.2.gz",
                        "mail.log.1",
                        "mail.log");
        assertThat(found.files().get(0).compression()).isEqualTo(Compression.GZIP);
        assertThat(found.files().get(9).compression()).isEqualTo(Compression.NONE);
        assertThat(found.problems()).isEmpty();
    }

    @Test
    void should_order_dateext_rotations_by_date_then_the_live_file() throws IOException {
        Instant t = Instant.parse("2026-11-23T00:00:00Z");
        file("mail.log", Compression.NONE, t.minusSeconds(5));
        file("mail.log-20261122", Compression.NONE, t);
        file("mail.log-20261120.gz", Compression.GZIP, t.plusSeconds(5));
        file("mail.log-20261121.gz", Compression.GZIP, t.plusSeconds(1));

        FoundFiles found = finder.find(List.of(dir.toString()));

        assertThat(names(found))
                .containsExactly("mail.log-20261120.gz", "mail.log-20261121.gz", "mail.log-20261122", "mail.log");
    }

    @Test
    void should_order_unknown_names_by_modification_time() throws IOException {
        Instant t = Instant.parse("2026-11-23T00:00:00Z");
        file("zzz-export", Compression.NONE, t.minusSeconds(300));
        file("aaa-latest", Compression.NONE, t);
        file("mmm-middle", Compression.GZIP, t.minusSeconds(100));

        FoundFiles found = finder.find(List.of(dir.toString()));

        assertThat(names(found)).containsExactly("zzz-export", "mmm-middle", "aaa-latest");
    }

    @Test
    void should_match_only_what_the_glob_names() throws IOException {
        Instant t = Instant.parse("2026-11-23T00:00:00Z");
        file("mail.log", Compression.NONE, t);
        file("mail.log.1", Compression.NONE, t);
        file("mail.err", Compression.NONE, t);
        file("syslog", Compression.NONE, t);

        FoundFiles found = finder.find(List.of(dir + "/mail.log*"));

        assertThat(names(found)).containsExactly("mail.log.1", "mail.log");
    }

    @Test
    void should_report_a_missing_path_and_still_return_the_others() throws IOException {
        file("mail.log", Compression.NONE, Instant.now());
        String missing = dir + "/nope/mail.log";

        FoundFiles found = finder.find(List.of(missing, dir + "/mail.log", dir + "/other*"));

        assertThat(names(found)).containsExactly("mail.log");
        assertThat(found.problems()).hasSize(2);
        assertThat(found.problems().get(0).path()).isEqualTo(missing);
        assertThat(found.problems().get(0).message()).contains(missing);
        assertThat(found.problems().get(1).message()).contains("no file matches " + dir + "/other*");
    }

    @Test
    void should_report_an_unreadable_file() throws IOException {
        Path secret = file("mail.log.1", Compression.NONE, Instant.now());
        file("mail.log", Compression.NONE, Instant.now());
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(secret), "skipped: running as root, who can read any file");

        FoundFiles found = finder.find(List.of(dir + "/mail.log*"));

        assertThat(names(found)).containsExactly("mail.log");
        assertThat(found.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains(secret.toString()));
    }

    @Test
    void should_list_a_file_named_twice_once() throws IOException {
        Path log = file("mail.log", Compression.NONE, Instant.now());

        FoundFiles found = finder.find(List.of(log.toString(), dir + "/mail.*", dir + "/./mail.log"));

        assertThat(found.files()).hasSize(1);
    }

    @Test
    void should_order_the_real_debian_rotated_set_of_the_corpus() {
        Path corpus = Path.of(System.getProperty("user.dir"))
                .resolve("../shared/corpus/arnevandebemdt")
                .normalize();
        assumeTrue(Files.isDirectory(corpus), "skipped: ../shared/corpus not present (as in a user's clone)");

        FoundFiles found = finder.find(List.of(corpus + "/mail.log*"));

        assertThat(names(found))
                .containsExactly("mail.log.4.gz", "mail.log.3.gz", "mail.log.2.gz", "mail.log.1", "mail.log");
    }
}

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

    @Test
    void should_order_a_rhel_maillog_set_by_the_dates_in_the_names() throws IOException {
        Instant t = Instant.parse("2026-11-23T00:00:00Z");
        // as after a cp without -p: modification times in copy order, unrelated to the rotation dates
        file("maillog", Compression.NONE, t.minusSeconds(40));
        file("maillog-20261122", Compression.NONE, t.minusSeconds(30));
        file("maillog-20261108.gz", Compression.GZIP, t.minusSeconds(20));
        file("maillog-20261115", Compression.NONE, t.minusSeconds(10));
        file("maillog-20261101.gz", Compression.GZIP, t);

        FoundFiles found = finder.find(List.of(dir + "/maillog*"));

        assertThat(names(found))
                .containsExactly(
                        "maillog-20261101.gz",
                        "maillog-20261108.gz",
                        "maillog-20261115",
                        "maillog-20261122",
                        "maillog");
    }

    @Test
    void should_order_two_files_of_the_same_date_by_their_first_line() throws IOException {
        Instant t = Instant.parse("2026-11-23T00:00:00Z");
        // a plain copy and a gzip of two different rotations that a dateformat without the hour named alike
        Path later = write(
                dir.resolve("mail-20261122"),
                Compression.NONE,
                List.of("2026-11-22T18:00:00.000000+01:00 mx postfix/qmgr[1]: 1A: removed"));
        Path earlier = write(
                dir.resolve("mail-20261122.xz"),
                Compression.XZ,
                List.of("2026-11-22T06:00:00.000000+01:00 mx postfix/qmgr[1]: 1B: removed"));
        touch(later, t.minusSeconds(100));
        touch(earlier, t);

        FoundFiles found = finder.find(List.of(dir.toString()));

        assertThat(names(found)).containsExactly("mail-20261122.xz", "mail-20261122");
    }

    @Test
    void should_read_the_start_of_classic_iso_and_journal_stamps() {
        Instant modified = Instant.parse("2027-01-02T00:00:00Z");

        assertThat(ContentStart.parse("Dec 31 23:59:58", modified)).isEqualTo("2026-12-31T23:59:58Z");
        assertThat(ContentStart.parse("Jan  1 00:00:01.250000", modified)).isEqualTo("2027-01-01T00:00:01Z");
        assertThat(ContentStart.parse("2026-11-22T06:00:00+0100", modified)).isEqualTo("2026-11-22T05:00:00Z");
        assertThat(ContentStart.parse("2026-11-22T06:00:00.5+01:00", modified)).isEqualTo("2026-11-22T05:00:00.500Z");
        assertThat(ContentStart.parse("2026-11-22 06:00:00", modified)).isEqualTo("2026-11-22T06:00:00Z");
        assertThat(ContentStart.parse("Foo 22 06:00:00", modified)).isEqualTo(ContentStart.UNKNOWN);
    }

    @Test
    void should_read_a_suse_level_set_once_through_its_widest_level() throws IOException {
        Instant t = Instant.parse("2026-11-23T00:00:00Z");
        file("mail", Compression.NONE, t);
        file("mail-20261122.xz", Compression.XZ, t);
        file("mail.info", Compression.NONE, t);
        file("mail.info-20261122.xz", Compression.XZ, t);
        file("mail.warn", Compression.NONE, t);
        file("mail.err", Compression.NONE, t);

        FoundFiles found = finder.find(List.of(dir + "/mail*"));

        assertThat(names(found)).containsExactly("mail-20261122.xz", "mail");
        assertThat(found.redundant())
                .extracting(r -> r.file().getFileName().toString())
                .containsExactlyInAnyOrder("mail.info", "mail.info-20261122.xz", "mail.warn", "mail.err");
        assertThat(found.redundant()).allSatisfy(r -> assertThat(r.coveredBy()).isEqualTo(dir.resolve("mail")));
        assertThat(found.problems()).isEmpty();
    }

    @Test
    void should_read_info_when_there_is_no_file_of_every_level_and_err_next_to_debians_mail_log() throws IOException {
        Instant t = Instant.parse("2026-11-23T00:00:00Z");
        Path suse = Files.createDirectories(dir.resolve("suse"));
        Path debian = Files.createDirectories(dir.resolve("debian"));
        for (String name : List.of("mail.info", "mail.info.1", "mail.warn", "mail.err.1")) {
            write(suse.resolve(name), Compression.NONE, lines(1, 2));
        }
        for (String name : List.of("mail.log", "mail.log.1", "mail.err")) {
            write(debian.resolve(name), Compression.NONE, lines(1, 2));
        }

        FoundFiles found = finder.find(List.of(suse.toString(), debian.toString()));

        assertThat(found.files())
                .extracting(f -> dir.relativize(f.path()).toString())
                .containsExactlyInAnyOrder(
                        "suse/mail.info.1", "suse/mail.info", "debian/mail.log.1", "debian/mail.log");
        assertThat(found.redundant())
                .extracting(r -> dir.relativize(r.file()).toString())
                .containsExactlyInAnyOrder("suse/mail.warn", "suse/mail.err.1", "debian/mail.err");
    }

    @Test
    void should_keep_files_of_the_same_name_in_different_folders_apart() throws IOException {
        // per-host folders: each host's mail.log is its own stream, none covers another
        for (String host : List.of("mx1", "mx2")) {
            write(dir.resolve(host).resolve("mail.log"), Compression.NONE, lines(1, 2));
            write(dir.resolve(host).resolve("mail.log.1"), Compression.NONE, lines(3, 2));
        }

        FoundFiles found = finder.find(List.of(dir + "/mx1", dir + "/mx2"));

        assertThat(found.files()).hasSize(4);
        assertThat(found.redundant()).isEmpty();
    }

    @Test
    void should_find_the_mail_logs_of_each_distribution_under_the_log_root() throws IOException {
        Path debian = Files.createDirectories(dir.resolve("debian"));
        write(debian.resolve("mail.log"), Compression.NONE, lines(1, 1));
        write(debian.resolve("mail.log.2.gz"), Compression.GZIP, lines(1, 1));
        write(debian.resolve("mail.err"), Compression.NONE, lines(1, 1));
        write(debian.resolve("syslog"), Compression.NONE, lines(1, 1));
        Path rhel = Files.createDirectories(dir.resolve("rhel"));
        write(rhel.resolve("maillog-20261122"), Compression.NONE, lines(1, 1));
        write(rhel.resolve("maillog"), Compression.NONE, lines(1, 1));
        write(rhel.resolve("messages"), Compression.NONE, lines(1, 1));
        Path suse = Files.createDirectories(dir.resolve("suse"));
        write(suse.resolve("mail"), Compression.NONE, lines(1, 1));
        write(suse.resolve("mail-20261122.xz"), Compression.XZ, lines(1, 1));
        write(suse.resolve("mail.info"), Compression.NONE, lines(1, 1));
        Path journald = Files.createDirectories(dir.resolve("journald"));
        write(journald.resolve("dpkg.log"), Compression.NONE, lines(1, 1));

        assertThat(new LogFileFinder(debian).find(List.of("auto")).files())
                .extracting(f -> f.path().getFileName().toString())
                .containsExactly("mail.log.2.gz", "mail.log");
        assertThat(new LogFileFinder(rhel).find(List.of("auto")).files())
                .extracting(f -> f.path().getFileName().toString())
                .containsExactly("maillog-20261122", "maillog");
        FoundFiles onSuse = new LogFileFinder(suse).find(List.of("auto"));
        assertThat(onSuse.files())
                .extracting(f -> f.path().getFileName().toString())
                .containsExactly("mail-20261122.xz", "mail");
        assertThat(onSuse.problems()).isEmpty();
        FoundFiles none = new LogFileFinder(journald).find(List.of("auto"));
        assertThat(none.files()).isEmpty();
        assertThat(none.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("no mail log found in " + journald, "--logs"));
    }
}

package io.postfixinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CoverageCommandTest {

    @TempDir
    Path dir;

    @Test
    void should_count_recognised_and_unrecognised_postfix_lines_per_file() throws Exception {
        Path gz = dir.resolve("mail.log.2.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(("Nov  5 07:00:00 mx1 postfix/qmgr[822]: 4E5F6A7B8C: removed\n"
                            + "Nov  5 07:00:01 mx1 postfix/smtpd[903]: this is not a line smtpd writes\n"
                            + "Nov  5 07:00:02 mx1 dovecot[77]: imap-login: Login\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new CoverageCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));

        int code = cli.execute(gz.toString(), dir.resolve("missing.log").toString());

        // Three lines, two of them Postfix's, one of those unknown (50 %); the missing file is an error.
        assertThat(code).isEqualTo(ExitCodes.INPUT_UNREADABLE);
        assertThat(out.toString())
                .containsPattern("mail\\.log\\.2\\.gz \\| 3 \\| 2 \\| 50\\.00 % \\| 1 \\|")
                .contains("this is not a line smtpd writes");
    }
}

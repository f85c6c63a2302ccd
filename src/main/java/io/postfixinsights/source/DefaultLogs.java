package io.postfixinsights.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the distributions' syslog daemons leave Postfix's log, tried in this order, the first family found wins:
 *
 * <ul>
 *   <li>Debian, Ubuntu (rsyslog + logrotate): {@code mail.log}, {@code mail.log.1}, {@code mail.log.2.gz} ...
 *   <li>RHEL, Alma, Rocky, Fedora, CentOS, Amazon Linux (rsyslog, logrotate {@code dateext}): {@code maillog},
 *       {@code maillog-20261122}[{@code .gz}] ...
 *   <li>SUSE, openSUSE (rsyslog or syslog-ng, {@code dateext} + xz): {@code mail}, {@code mail-20261122.xz} ..., and
 *       the level files {@code mail.info}, {@code mail.warn}, {@code mail.err} (read once: see {@link LogFileFinder}).
 * </ul>
 *
 * A journald-only system (Debian 12 without rsyslog, Fedora without it) has none.
 */
public final class DefaultLogs {

    /** The spec that stands for this search. */
    public static final String AUTO = "auto";

    static final Path VAR_LOG = Path.of("/var/log");

    /** Per family, the globs (file name patterns in the log folder) of its files. */
    private static final List<List<String>> FAMILIES = List.of(
            List.of("mail.log", "mail.log[.-]*"),
            List.of("maillog", "maillog[.-]*"),
            List.of("mail", "mail-*", "mail.info*", "mail.warn*", "mail.err*"));

    private DefaultLogs() {}

    /** The specs of the first family with at least one file under {@code root}, only the patterns that match. */
    public static List<String> under(Path root) {
        for (List<String> family : FAMILIES) {
            List<String> specs = new ArrayList<>();
            for (String glob : family) {
                if (matches(root, glob)) {
                    specs.add(root.resolve(glob).toString());
                }
            }
            if (!specs.isEmpty()) {
                return specs;
            }
        }
        return List.of();
    }

    static String noneFound(Path root) {
        return "no mail log found in " + root + " (looked for mail.log*, maillog*, mail, mail-*, mail.info*):"
                + " give --logs";
    }

    private static boolean matches(Path root, String glob) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root, glob)) {
            for (Path p : files) {
                if (Files.isRegularFile(p)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // no such folder, or not readable: the family is not there
        }
    }
}

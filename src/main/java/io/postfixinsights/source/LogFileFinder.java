package io.postfixinsights.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds log files from paths, directories and globs ({@code /var/log/mail.log*}) and orders them oldest first, as
 * logrotate leaves them: {@code mail.log.10.gz}, ..., {@code mail.log.2.gz}, {@code mail.log.1}, {@code mail.log};
 * with {@code dateext} (RHEL, SUSE): {@code maillog-20261121.gz}, {@code maillog-20261122}, {@code maillog}.
 *
 * <p>Files are grouped by the name left after removing the rotation suffix (a stream). Within a stream, numbered
 * rotations come first (highest number first), then dated ones (oldest date first), then the live file; files the
 * names do not order (the same date twice, two unknown names) are ordered by the first time stamp in their content,
 * then by modification time. Streams, and files whose names follow no rotation pattern (each its own stream), are
 * ordered by the oldest modification time in the stream. Names decide before modification times because those are
 * lost by a plain {@code cp}.
 *
 * <p>Level sets: syslog configurations that log {@code mail.info}, {@code mail.warn} and {@code mail.err} to separate
 * files (SUSE, older Debian) write a warning to all of them. Of the streams of one folder and family
 * ({@code mail}, {@code mail.log}, {@code mail.info}, {@code mail.warn}, {@code mail.err}), only those of the widest
 * level found are read ({@code mail}/{@code mail.log} take every level, then info, warn, err): the others hold the
 * same lines again, and are listed in {@link FoundFiles#redundant()}.
 *
 * <p>The spec {@value DefaultLogs#AUTO} stands for whichever family of mail logs exists under {@code /var/log}
 * ({@link DefaultLogs}).
 */
public final class LogFileFinder {

    private static final Pattern COMPRESSED_EXT = Pattern.compile("\\.(gz|bz2|xz|zst|zstd)$");
    private static final Pattern NUMBERED = Pattern.compile("^(.+)\\.(\\d{1,7})$");
    private static final Pattern DATED = Pattern.compile("^(.+)[-._](\\d{4}-?\\d{2}-?\\d{2}(?:[-_]?\\d{2,6})?)$");
    private static final Pattern GLOB_CHARS = Pattern.compile("[*?\\[{]");
    /** A stream's level suffix: what rsyslog's {@code mail.info}, {@code mail.warn}, {@code mail.err} selectors log. */
    private static final Pattern LEVEL = Pattern.compile("^(.+)\\.(log|info|warn|warning|err|error)$");

    private final Path logRoot;

    /** A finder whose {@value DefaultLogs#AUTO} looks under {@code /var/log}. */
    public LogFileFinder() {
        this(DefaultLogs.VAR_LOG);
    }

    /** @param logRoot where {@value DefaultLogs#AUTO} looks for the mail logs of any distribution */
    public LogFileFinder(Path logRoot) {
        this.logRoot = logRoot;
    }

    /** Finds the files named by {@code specs}; a spec that yields nothing readable becomes a {@link SourceProblem}. */
    public FoundFiles find(List<String> specs) {
        Map<Path, LogFile> byRealPath = new LinkedHashMap<>();
        List<SourceProblem> problems = new ArrayList<>();
        if (specs.equals(List.of(DefaultLogs.AUTO))) {
            specs = DefaultLogs.under(logRoot);
            if (specs.isEmpty()) {
                problems.add(new SourceProblem(DefaultLogs.AUTO, DefaultLogs.noneFound(logRoot)));
            }
        }
        for (String spec : specs) {
            try {
                List<Path> candidates = expand(spec);
                if (candidates.isEmpty()) {
                    problems.add(new SourceProblem(spec, "no file matches " + spec));
                }
                for (Path p : candidates) {
                    addFile(p, byRealPath, problems);
                }
            } catch (IOException | RuntimeException e) {
                problems.add(new SourceProblem(spec, "cannot read " + spec + ": " + describe(e)));
            }
        }
        List<Redundant> redundant = new ArrayList<>();
        List<LogFile> ordered = order(new ArrayList<>(byRealPath.values()), redundant);
        return new FoundFiles(List.copyOf(ordered), List.copyOf(problems), List.copyOf(redundant));
    }

    private static List<Path> expand(String spec) throws IOException {
        Path given = Paths.get(spec);
        Path name = given.getFileName();
        if (name != null && GLOB_CHARS.matcher(name.toString()).find()) {
            Path dir = given.getParent() == null ? Paths.get(".") : given.getParent();
            if (!Files.isDirectory(dir)) {
                throw new IOException("directory " + dir + " does not exist");
            }
            PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + name);
            return listDirectory(dir, p -> matcher.matches(p.getFileName()));
        }
        if (Files.isDirectory(given)) {
            return listDirectory(given, p -> true);
        }
        if (!Files.exists(given, LinkOption.NOFOLLOW_LINKS) && !Files.exists(given)) {
            throw new IOException("file does not exist");
        }
        return List.of(given);
    }

    private static List<Path> listDirectory(Path dir, DirectoryStream.Filter<Path> filter) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, filter)) {
            for (Path p : stream) {
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static void addFile(Path p, Map<Path, LogFile> found, List<SourceProblem> problems) {
        try {
            if (!Files.isRegularFile(p)) {
                problems.add(new SourceProblem(p.toString(), "not a regular file: " + p));
                return;
            }
            if (!Files.isReadable(p)) {
                problems.add(new SourceProblem(p.toString(), "not readable (permission denied): " + p));
                return;
            }
            Path real = p.toRealPath();
            if (!found.containsKey(real)) {
                Compression compression = Compression.detect(p);
                found.put(
                        real,
                        new LogFile(
                                p,
                                compression,
                                Files.size(p),
                                Files.getLastModifiedTime(p).toInstant()));
            }
        } catch (IOException | RuntimeException e) {
            problems.add(new SourceProblem(p.toString(), "cannot read " + p + ": " + describe(e)));
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static List<LogFile> order(List<LogFile> files, List<Redundant> redundant) {
        Map<String, List<Ranked>> groups = new LinkedHashMap<>();
        for (LogFile f : files) {
            Ranked r = rank(f);
            groups.computeIfAbsent(r.group, k -> new ArrayList<>()).add(r);
        }
        dropNarrowerLevels(groups, redundant);
        Map<LogFile, Instant> starts = new HashMap<>();
        Comparator<Ranked> inGroup = Comparator.<Ranked>comparingInt(r -> r.kind)
                .thenComparingLong(r -> r.kind == 0 ? -r.number : 0)
                .thenComparing(r -> r.date)
                .thenComparing(r -> starts.computeIfAbsent(r.file, ContentStart::of))
                .thenComparing(r -> r.file.modified())
                .thenComparing(r -> r.file.path().toString());
        List<List<Ranked>> sorted = new ArrayList<>(groups.values());
        sorted.forEach(g -> g.sort(inGroup));
        sorted.sort(Comparator.<List<Ranked>, Instant>comparing(g -> g.stream()
                        .map(r -> r.file.modified())
                        .min(Comparator.naturalOrder())
                        .orElseThrow())
                .thenComparing(g -> g.get(0).group));
        List<LogFile> out = new ArrayList<>(files.size());
        sorted.forEach(g -> g.forEach(r -> out.add(r.file)));
        return out;
    }

    /**
     * Keeps, per folder and family, only the streams of the widest syslog level (see the class comment); the files
     * of the others go to {@code redundant}, each with the widest stream that holds its lines.
     */
    private static void dropNarrowerLevels(Map<String, List<Ranked>> groups, List<Redundant> redundant) {
        Map<String, Integer> widest = new HashMap<>();
        Map<String, String> widestGroup = new HashMap<>();
        for (Map.Entry<String, List<Ranked>> g : groups.entrySet()) {
            Level level = Level.of(g.getKey());
            Integer best = widest.get(level.family);
            if (best == null || level.rank < best) {
                widest.put(level.family, level.rank);
                widestGroup.put(level.family, g.getKey());
            }
        }
        groups.entrySet().removeIf(g -> {
            Level level = Level.of(g.getKey());
            if (level.rank <= widest.get(level.family)) {
                return false;
            }
            Path coveredBy = Path.of(widestGroup.get(level.family));
            g.getValue().forEach(r -> redundant.add(new Redundant(r.file.path(), coveredBy)));
            return true;
        });
    }

    /** A stream's family (folder and base name) and level rank: 0 every level, 1 info, 2 warn, 3 err. */
    private record Level(String family, int rank) {
        static Level of(String group) {
            Matcher m = LEVEL.matcher(group);
            if (!m.matches()) {
                return new Level(group, 0);
            }
            int rank = switch (m.group(2)) {
                case "log" -> 0;
                case "info" -> 1;
                case "warn", "warning" -> 2;
                default -> 3;
            };
            return new Level(m.group(1), rank);
        }
    }

    /** kind 0: numbered rotation, 1: dated rotation, 2: live file or unknown name. */
    private record Ranked(LogFile file, String group, int kind, long number, String date) {}

    private static Ranked rank(LogFile f) {
        Path parent = f.path().toAbsolutePath().getParent();
        String dir = parent == null ? "" : parent.toString() + "/";
        String name = COMPRESSED_EXT.matcher(f.path().getFileName().toString()).replaceFirst("");
        Matcher numbered = NUMBERED.matcher(name);
        if (numbered.matches()) {
            return new Ranked(f, dir + numbered.group(1), 0, Long.parseLong(numbered.group(2)), "");
        }
        Matcher dated = DATED.matcher(name);
        if (dated.matches()) {
            // dateformat variants (-%Y%m%d, -%Y-%m-%d, -%Y%m%d%H) compare correctly once separators are removed
            return new Ranked(f, dir + dated.group(1), 1, 0, dated.group(2).replaceAll("[-_]", ""));
        }
        return new Ranked(f, dir + name, 2, 0, "");
    }
}

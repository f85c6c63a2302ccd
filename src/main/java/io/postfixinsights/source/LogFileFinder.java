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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds log files from paths, directories and globs ({@code /var/log/mail.log*}) and orders them oldest first, as
 * logrotate leaves them: {@code mail.log.10.gz}, ..., {@code mail.log.2.gz}, {@code mail.log.1}, {@code mail.log};
 * with {@code dateext}: {@code mail.log-20261121.gz}, {@code mail.log-20261122}, {@code mail.log}.
 *
 * <p>Files are grouped by the name left after removing the rotation suffix. Within a group, numbered rotations come
 * first (highest number first), then dated ones (oldest date first), then the live file. Groups, and files whose names
 * follow no rotation pattern (each its own group), are ordered by the oldest modification time in the group. Names
 * only decide the order inside a group because modification times are lost by a plain {@code cp}.
 */
public final class LogFileFinder {

    private static final Pattern COMPRESSED_EXT = Pattern.compile("\\.(gz|bz2|xz|zst|zstd)$");
    private static final Pattern NUMBERED = Pattern.compile("^(.+)\\.(\\d{1,7})$");
    private static final Pattern DATED = Pattern.compile("^(.+)[-._](\\d{4}-?\\d{2}-?\\d{2}(?:[-_]?\\d{2,6})?)$");
    private static final Pattern GLOB_CHARS = Pattern.compile("[*?\\[{]");

    /** Finds the files named by {@code specs}; a spec that yields nothing readable becomes a {@link SourceProblem}. */
    public FoundFiles find(List<String> specs) {
        Map<Path, LogFile> byRealPath = new LinkedHashMap<>();
        List<SourceProblem> problems = new ArrayList<>();
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
        List<LogFile> ordered = order(new ArrayList<>(byRealPath.values()));
        return new FoundFiles(List.copyOf(ordered), List.copyOf(problems));
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

    static List<LogFile> order(List<LogFile> files) {
        Map<String, List<Ranked>> groups = new LinkedHashMap<>();
        for (LogFile f : files) {
            Ranked r = rank(f);
            groups.computeIfAbsent(r.group, k -> new ArrayList<>()).add(r);
        }
        Comparator<Ranked> inGroup = Comparator.<Ranked>comparingInt(r -> r.kind)
                .thenComparingLong(r -> r.kind == 0 ? -r.number : 0)
                .thenComparing(r -> r.date)
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

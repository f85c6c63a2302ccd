package io.postfixinsights.deliver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.ObjectMapper;

/**
 * Lays out rendered reports for static hosting under one output root:
 *
 * <pre>
 * report/
 *   index.html        archive index, newest first (regenerated on every publish)
 *   latest/           a copy of the newest dated folder (a copy, not a symlink: works on any host and from file://)
 *   2025-11-22/       one folder per report, named for the end of its period
 *   2025-11-21/
 * </pre>
 *
 * <p>A dated folder is built next to its final place and then renamed in, so a reader never sees a half-copied
 * report. Replacing an existing folder takes two renames (old out, new in), because a rename cannot replace a
 * non-empty directory: between them the folder is briefly absent, never partial.
 *
 * <p>Each dated folder carries {@value #ENTRY_FILE} with the period and headline the caller gave, so the index can be
 * rebuilt from the folders alone and retention deletes an entry together with its report.
 *
 * <p>Not safe for two publishers on one root at once; the nightly run is already single (the DuckDB file lock).
 */
public final class ReportPublisher {

    public static final Path DEFAULT_ROOT = Path.of("report");
    public static final int DEFAULT_KEEP = 30;
    static final String ENTRY_FILE = "publication.json";
    static final String LATEST = "latest";
    private static final String TEMP_PREFIX = ".publish-";
    private static final Pattern DATED = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final int keep;
    private final IndexPage indexPage;

    /** Renders the archive index page: the caller's template, deliver only puts the page in place. */
    @FunctionalInterface
    public interface IndexPage {
        /**
         * @param reports the published reports, newest first
         * @param latestHref the relative link to the newest report, {@code latest/index.html}
         */
        String html(List<ArchiveEntry> reports, String latestHref) throws IOException;
    }

    /**
     * @param root the output root, e.g. {@code ./report}; created if missing
     * @param keep how many dated reports to keep (at least 1); older ones are deleted
     * @param indexPage renders {@code <root>/index.html}
     */
    public ReportPublisher(Path root, int keep, IndexPage indexPage) {
        this.root = Objects.requireNonNull(root, "root");
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, was " + keep);
        }
        this.keep = keep;
        this.indexPage = Objects.requireNonNull(indexPage, "indexPage");
    }

    /**
     * Publishes one freshly rendered run.
     *
     * @param renderedRun the renderer's output directory (must contain index.html); left as it is
     * @param entry date (folder name), period and headline for the archive index
     * @return where things went; a backfilled date older than the newest {@code keep} is removed again at once and
     *     is then listed in {@link Publication#removed()}
     */
    public Publication publish(Path renderedRun, ArchiveEntry entry) throws IOException {
        if (!Files.isRegularFile(renderedRun.resolve("index.html"))) {
            throw new IOException("Not a rendered report (no index.html): " + renderedRun);
        }
        Files.createDirectories(root);
        removeLeftoverTemps();

        Path runDir = root.resolve(entry.folder());
        Path staged = stageCopy(renderedRun);
        JSON.writeValue(staged.resolve(ENTRY_FILE).toFile(), new StoredEntry(entry.period(), entry.headline()));
        swapIn(staged, runDir);

        List<Path> removed = applyRetention();
        List<ArchiveEntry> archive = readArchive();
        Path latest = root.resolve(LATEST);
        swapIn(stageCopy(root.resolve(archive.get(0).folder())), latest);
        Path index = writeIndex(archive);
        return new Publication(runDir, latest, index, archive, removed);
    }

    /** The dated reports under the root, newest first. Folders without an entry file are listed by date alone. */
    public List<ArchiveEntry> readArchive() throws IOException {
        List<ArchiveEntry> entries = new ArrayList<>();
        for (Path dir : datedFolders()) {
            LocalDate date = LocalDate.parse(dir.getFileName().toString());
            Path file = dir.resolve(ENTRY_FILE);
            if (Files.isRegularFile(file)) {
                StoredEntry stored = JSON.readValue(file.toFile(), StoredEntry.class);
                entries.add(new ArchiveEntry(date, stored.period(), stored.headline()));
            } else {
                entries.add(new ArchiveEntry(date, date.toString(), ""));
            }
        }
        return entries;
    }

    private List<Path> applyRetention() throws IOException {
        List<Path> dated = datedFolders();
        List<Path> removed = new ArrayList<>();
        for (Path old : dated.subList(Math.min(keep, dated.size()), dated.size())) {
            deleteTree(old);
            removed.add(old);
        }
        return removed;
    }

    /** Folders named YYYY-MM-DD holding a valid date, newest first. */
    private List<Path> datedFolders() throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> isDate(p.getFileName().toString()))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString())
                            .reversed())
                    .toList();
        }
    }

    private static boolean isDate(String name) {
        if (!DATED.matcher(name).matches()) {
            return false;
        }
        try {
            LocalDate.parse(name);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private Path writeIndex(List<ArchiveEntry> archive) throws IOException {
        String html = indexPage.html(archive, LATEST + "/index.html");
        Path index = root.resolve("index.html");
        Path temp = root.resolve(TEMP_PREFIX + "index-" + UUID.randomUUID() + ".html");
        Files.writeString(temp, html, StandardCharsets.UTF_8);
        move(temp, index, true);
        return index;
    }

    /** Copies a directory tree into a fresh temp folder under the root, so the final move stays on one file system. */
    private Path stageCopy(Path source) throws IOException {
        Path staged = root.resolve(TEMP_PREFIX + UUID.randomUUID());
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path from : (Iterable<Path>) walk::iterator) {
                Path to = staged.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(staged);
            throw e;
        }
        return staged;
    }

    private void swapIn(Path staged, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = root.resolve(TEMP_PREFIX + "old-" + UUID.randomUUID());
            move(target, old, false);
        }
        move(staged, target, false);
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void move(Path from, Path to, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on exotic file systems; a plain rename is the best left.
            if (replace) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to);
            }
        }
    }

    /** A run killed mid-publish leaves its temp folders behind; they are never part of the archive. */
    private void removeLeftoverTemps() throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            for (Path p : children.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX))
                    .toList()) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top)) {
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** What {@value #ENTRY_FILE} holds; the date is the folder name. */
    record StoredEntry(String period, String headline) {}
}

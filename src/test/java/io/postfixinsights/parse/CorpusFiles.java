package io.postfixinsights.parse;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The shared corpus, read in place from {@code ../shared/corpus}; tests using it skip when it is absent. */
final class CorpusFiles {

    private CorpusFiles() {}

    static Path root() {
        Path root = Path.of(System.getProperty("user.dir"))
                .resolve("../shared/corpus")
                .normalize();
        assumeTrue(Files.isDirectory(root), "skipped: ../shared/corpus not present (as in a user's clone)");
        return root;
    }

    /** Every log file: not the yaml/json test data, licences or the sources list. */
    static List<Path> logs() {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(Files::isRegularFile)
                    .filter(CorpusFiles::isLog)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isLog(Path p) {
        String name = p.getFileName().toString();
        return !(name.endsWith(".yaml")
                || name.endsWith(".json")
                || name.endsWith(".md")
                || name.equals("LICENSE")
                || name.equals("COPYING"));
    }

    /** Lines of a plain or gzip file. ISO-8859-1 keeps every byte (logs are not always valid UTF-8). */
    static List<String> lines(Path file) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            return reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.postfixinsights.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a stand-in for the renderer's output (index.html, one domain page, one trace page, summary.json, linked
 * relatively), each file carrying a marker so tests can tell runs apart after they were copied around.
 */
public final class RenderedRuns {

    private RenderedRuns() {}

    /** Creates the run under {@code dir} and returns {@code dir}. */
    public static Path create(Path dir, String marker) throws IOException {
        write(
                dir.resolve("index.html"),
                page(
                        "Report",
                        marker,
                        "<a href=\"domains/example.org.html\">example.org</a> <a href=\"messages/4Xyz1.html\">4Xyz1</a>"));
        write(
                dir.resolve("domains/example.org.html"),
                page("example.org", marker, "<a href=\"../index.html\">back</a>"));
        write(dir.resolve("messages/4Xyz1.html"), page("4Xyz1", marker, "<a href=\"../index.html\">back</a>"));
        write(dir.resolve("summary.json"), "{\"marker\":\"run " + marker + "\"}\n");
        return dir;
    }

    private static String page(String title, String marker, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title>"
                + "<style>body{font-family:sans-serif}</style></head><body><h1>" + title + "</h1><p>run " + marker
                + "</p>" + body + "</body></html>\n";
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}

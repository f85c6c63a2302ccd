package io.postfixinsights.report;

import java.io.IOException;
import java.util.List;

/** The archive index page of the output root ({@code templates/archive-index.ftlh}): published reports, newest first. */
public final class ArchiveIndex {

    private ArchiveIndex() {}

    /**
     * One published report.
     *
     * @param folder its folder under the output root, {@code YYYY-MM-DD}
     * @param period its period as the report words it
     * @param headline its one-line headline (plain text from the run, escaped on output)
     */
    public record Report(String folder, String period, String headline) {
        /** Relative link from the archive index to this report. */
        public String href() {
            return folder + "/index.html";
        }
    }

    /** Data model of {@code templates/archive-index.ftlh}. */
    public record View(List<Report> reports, String latestHref) {}

    public static String html(List<Report> reports, String latestHref) throws IOException {
        return Templates.render("archive-index.ftlh", new View(reports, latestHref));
    }
}

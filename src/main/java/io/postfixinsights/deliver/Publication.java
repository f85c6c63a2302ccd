package io.postfixinsights.deliver;

import java.nio.file.Path;
import java.util.List;

/**
 * Where {@link ReportPublisher#publish} put things.
 *
 * @param runDirectory the dated folder of this run, {@code <root>/YYYY-MM-DD}
 * @param latestDirectory {@code <root>/latest}, a copy of the newest dated folder
 * @param archiveIndex {@code <root>/index.html}
 * @param archive the reports the index now lists, newest first
 * @param removed the dated folders deleted by retention in this call
 */
public record Publication(
        Path runDirectory, Path latestDirectory, Path archiveIndex, List<ArchiveEntry> archive, List<Path> removed) {

    /** The run's self-contained report page, the one to attach to a mail. */
    public Path reportPage() {
        return runDirectory.resolve("index.html");
    }
}

package io.postfixinsights.source;

import java.util.List;

/**
 * What {@link LogFileFinder} found: readable files oldest first, the given paths it could not use, and the files it
 * leaves out because another file holds their lines (a {@code mail.warn} next to its {@code mail.info}).
 */
public record FoundFiles(List<LogFile> files, List<SourceProblem> problems, List<Redundant> redundant) {

    public FoundFiles(List<LogFile> files, List<SourceProblem> problems) {
        this(files, problems, List.of());
    }
}

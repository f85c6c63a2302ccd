package io.postfixinsights.source;

import java.util.List;

/** What {@link LogFileFinder} found: readable files oldest first, and the given paths it could not use. */
public record FoundFiles(List<LogFile> files, List<SourceProblem> problems) {}

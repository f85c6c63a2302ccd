package io.postfixinsights.source;

/**
 * A path that could not be used, with a message naming it, for the run's data-quality report. Other files are still
 * processed.
 *
 * @param path the path or pattern as given
 */
public record SourceProblem(String path, String message) {}

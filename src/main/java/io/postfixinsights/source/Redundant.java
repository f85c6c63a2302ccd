package io.postfixinsights.source;

import java.nio.file.Path;

/**
 * A file not read because the lines it holds are in another stream already: syslog logged them at several levels.
 *
 * @param file the file left out
 * @param coveredBy the stream (folder and name without rotation suffix) that holds its lines
 */
public record Redundant(Path file, Path coveredBy) {

    public String message() {
        return file + ": not read, its lines are in " + coveredBy + " (syslog logged them at several levels)";
    }
}

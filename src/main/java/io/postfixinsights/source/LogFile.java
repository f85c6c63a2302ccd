package io.postfixinsights.source;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A log file found on disk.
 *
 * @param size the size on disk (compressed size for a compressed file)
 * @param modified the last-modified time, used to order files whose names say nothing
 */
public record LogFile(Path path, Compression compression, long size, Instant modified) {

    /** A compressed file is a finished rotation: nobody appends to it any more. */
    public boolean finished() {
        return compression != Compression.NONE;
    }
}

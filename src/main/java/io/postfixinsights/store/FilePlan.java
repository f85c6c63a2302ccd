package io.postfixinsights.store;

import io.postfixinsights.source.Fingerprint;
import io.postfixinsights.source.LogFile;

/**
 * What to do with one found file this run.
 *
 * @param fingerprint null when the head could not be read (action UNREADABLE)
 * @param fileId the ledger id: known, or newly allocated for READ_WHOLE; -1 for SKIP of an empty file or UNREADABLE
 * @param startOffset uncompressed offset to start reading at
 * @param startLine lines already consumed before {@code startOffset}
 * @param known true when the ledger already has a row for {@code fileId}
 * @param reason why, in words, for logs and the data-quality section
 */
public record FilePlan(
        LogFile file,
        Fingerprint fingerprint,
        Action action,
        long fileId,
        long startOffset,
        long startLine,
        boolean known,
        String reason) {

    public enum Action {
        /** Nothing new: read before, complete, empty, or the same content as another file of this run. */
        SKIP,
        /** Known and grown (or renamed/compressed since): read from {@code startOffset}. */
        READ_FROM,
        /** Not seen before: read from the start. */
        READ_WHOLE,
        /** The file's first bytes could not be read; {@code reason} says why. */
        UNREADABLE
    }

    public boolean toRead() {
        return action == Action.READ_FROM || action == Action.READ_WHOLE;
    }
}

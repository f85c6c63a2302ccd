package io.postfixinsights.source;

/** Receives the lines of a file in order. */
@FunctionalInterface
public interface LineConsumer {

    /**
     * @param lineNumber 1-based line number in the file's uncompressed content
     * @param line the line without its newline, decoded as UTF-8 with U+FFFD for invalid bytes, at most
     *     {@link LogReader#MAX_LINE_BYTES} bytes of it
     * @param offsetAfter the uncompressed byte offset just after this line's newline: where a later run resumes
     */
    void accept(long lineNumber, String line, long offsetAfter);
}

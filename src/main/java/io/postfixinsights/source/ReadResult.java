package io.postfixinsights.source;

/**
 * What reading one file yielded, for the ledger and the data-quality section.
 *
 * @param linesRead lines passed to the consumer in this read
 * @param endOffset uncompressed offset after the last line consumed: where the next read starts
 * @param endLine the line number of the last line consumed (the next read continues after it)
 * @param complete a compressed file read to its clean end: never to be read again
 * @param truncated the compressed stream ended early or is corrupt; every complete line before it was used
 * @param problem a message naming the file and line for a truncated or unreadable file, else null
 * @param badByteLines lines that held invalid UTF-8, NUL or other control bytes (passed on with replacements)
 * @param firstBadByteLine the line number of the first of them, or -1
 * @param longLines lines longer than {@link LogReader#MAX_LINE_BYTES}, passed on cut to that length
 * @param firstLongLine the line number of the first of them, or -1
 */
public record ReadResult(
        long linesRead,
        long endOffset,
        long endLine,
        boolean complete,
        boolean truncated,
        String problem,
        long badByteLines,
        long firstBadByteLine,
        long longLines,
        long firstLongLine) {}

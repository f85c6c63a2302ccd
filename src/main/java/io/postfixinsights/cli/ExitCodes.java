package io.postfixinsights.cli;

/** Exit codes the nightly wrapper and scripts can tell apart. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The run failed; the one-line reason is on stderr. */
    public static final int FAILED = 1;
    /** Bad command line (picocli's own code). */
    public static final int USAGE = 2;
    /** Another run holds the DuckDB file; nothing was changed. */
    public static final int DATABASE_BUSY = 3;
    /** The report was written, but mailing it failed. */
    public static final int DELIVERY_FAILED = 4;
    /** The report was written, but some input files could not be read (named on stderr). */
    public static final int INPUT_UNREADABLE = 5;
    /** trace: nothing matched. */
    public static final int NOT_FOUND = 6;

    private ExitCodes() {}
}

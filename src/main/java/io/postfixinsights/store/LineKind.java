package io.postfixinsights.store;

/**
 * One {@code line_kinds} row: how many lines of one kind a run saw, with one sample.
 *
 * @param category used | noise | other | unrecognised | error
 * @param kind e.g. smtpd-connect, unknown-smtpd, no-header, invalid-utf8, truncated-gzip
 * @param sampleLine the sample's line number, or -1
 */
public record LineKind(String category, String kind, long lines, String sample, String sampleFile, long sampleLine) {}

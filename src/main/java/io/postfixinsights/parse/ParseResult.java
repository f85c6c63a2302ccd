package io.postfixinsights.parse;

/**
 * What the parser made of one line. Parsing never throws on bad input: every line ends as exactly one of these,
 * so that every line is either used or counted.
 */
public sealed interface ParseResult {

    /** A Postfix line that was understood; {@code event} may be a {@link PostfixEvent.Noise} (recognised, not used). */
    record Parsed(SyslogHeader header, PostfixEvent event) implements ParseResult {}

    /** A well-formed syslog line from another program (dovecot, amavis, opendkim...), counted per program. */
    record OtherProgram(SyslogHeader header) implements ParseResult {}

    /**
     * A line that could not be used: no syslog header, or a Postfix line whose text is not known.
     *
     * @param header the header if it could be read, else null
     * @param reason a short kind for counting, e.g. {@code no-header}, {@code unknown-smtpd}
     */
    record Unrecognised(SyslogHeader header, String reason) implements ParseResult {}
}

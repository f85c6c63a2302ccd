package io.postfixinsights.trace;

import io.postfixinsights.analyse.MessageTrace;
import io.postfixinsights.analyse.MessageTrace.AttemptTrace;
import io.postfixinsights.trace.TraceResult.RejectTrace;
import java.io.PrintWriter;

/** Writes a trace for people: a timeline per message, the explanation, then the raw log lines. */
public final class TraceText {

    /** Stands for ESC until a line is printed, so that control bytes from the log can be blanked first. */
    private static final char ESC = '\uE000';

    private final PrintWriter printer;
    /** Log text is attacker-controlled: a reply must not move the cursor or recolour the terminal. */
    private final Lines out = new Lines();

    private final boolean colour;

    /** @param colour ANSI colours, for a terminal; plain text when piped */
    public TraceText(PrintWriter out, boolean colour) {
        this.printer = out;
        this.colour = colour;
    }

    public void write(TraceResult result) {
        if (result.isEmpty()) {
            out.println("Nothing found: no message or reject matches. The mail never reached this server (or is"
                    + " older than the history kept); look at the host the sender actually sent through.");
            return;
        }
        for (MessageTrace m : result.messages()) {
            message(m, "");
            out.println();
        }
        for (RejectTrace r : result.rejects()) {
            out.println(bold("Rejected before queueing") + "  " + r.at() + "  " + r.host() + " " + r.daemon());
            out.println("  client " + r.clientHost() + "[" + r.clientIp() + "]  from=<" + nullToEmpty(r.sender())
                    + "> to=<" + nullToEmpty(r.recipient()) + ">");
            out.println("  " + paint(r.explanation(), "31"));
            out.println("  " + dim(r.rawLine()));
            out.println();
        }
    }

    private void message(MessageTrace m, String indent) {
        out.println(indent + bold("Message " + m.queueId()) + " on " + m.host() + "/" + m.instance() + "  (" + m.state()
                + (m.linkKind() == null ? "" : ", " + m.linkKind()) + ")");
        out.println(indent + "  from <" + nullToEmpty(m.sender()) + ">"
                + (m.messageId() == null ? "" : "  Message-ID <" + m.messageId() + ">") + "  arrived " + m.firstAt()
                + " via " + m.origin()
                + (m.clientIp() == null ? "" : " from " + m.clientHost() + "[" + m.clientIp() + "]")
                + (m.saslUser() == null ? "" : " (login " + m.saslUser() + ")"));
        for (AttemptTrace a : m.attempts()) {
            String status = paint(a.status(), statusColour(a.status()));
            out.println(indent + "  " + a.at() + "  " + status + "  " + a.recipient() + "  via " + a.relayHost()
                    + (a.relayIp() == null ? "" : "[" + a.relayIp() + "]") + "  " + nullToEmpty(a.dsn()) + "  "
                    + nullToEmpty(a.reply()));
        }
        for (String sentence : m.explanation()) {
            out.println(indent + "  > " + sentence);
        }
        out.println(indent + "  log lines:");
        for (String line : m.rawLines()) {
            out.println(indent + "    " + dim(line));
        }
        for (MessageTrace linked : m.linked()) {
            message(linked, indent + "    ");
        }
    }

    private static String statusColour(String status) {
        switch (status == null ? "" : status) {
            case "sent":
            case "deliverable":
                return "32";
            case "deferred":
            case "softbounce":
                return "33";
            default:
                return "31";
        }
    }

    private String bold(String s) {
        return paint(s, "1");
    }

    private String dim(String s) {
        return paint(s, "2");
    }

    private String paint(String s, String code) {
        return colour ? ESC + "[" + code + "m" + s + ESC + "[0m" : s;
    }

    private final class Lines {
        void println() {
            printer.println();
        }

        void println(String line) {
            StringBuilder clean = new StringBuilder(line.length());
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                clean.append(c == ESC ? '\u001b' : Character.isISOControl(c) ? '?' : c);
            }
            printer.println(clean);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

package io.postfixinsights.parse;

/**
 * Debug output of daemons run with {@code -v} or for {@code debug_peer_list} clients ({@code name_mask: all},
 * {@code send attr request = resolve}, {@code < host[ip]: EHLO x}). It carries nothing per message; recognising it
 * keeps such logs from drowning the unrecognised count. Checked only after every real message shape failed.
 */
final class VerboseLines {

    private VerboseLines() {}

    private static final String[] PHRASES = {
        "send attr ",
        "input attribute ",
        "connection established",
        "idle timeout",
        "connect to subsystem ",
        "rewrite stream ",
        "start sorted ",
        "end sorted ",
        "start move ",
        "end move ",
        "done incoming ",
        "done deferred ",
        "done ",
        "request ignored",
        "request: ",
        "wakeup ",
        "process generation: ",
        "mynetworks: ",
        "fsspace: ",
        "Compiled against ",
        "Run-time linked ",
        ">>> ",
        "> ",
        "< ",
        "before input_transp_cleanup",
        "after input_transp_cleanup",
        "initial envelope ",
        "extracted envelope ",
        "recipient limit ",
        "name_mask: ",
        "connection closed",
        "master disconnect",
        "proxymap stream ",
        "pref ",
        "lookup ",
        "begin ",
        "end ",
        "connecting to ",
        "cleanup flags ",
        "open incoming/",
    };

    static boolean isVerbose(String m, int p) {
        for (String phrase : PHRASES) {
            if (m.startsWith(phrase, p)) {
                return true;
            }
        }
        return startsWithFunctionName(m, p) || isSocketTrace(m, p);
    }

    /** {@code qmgr_scan_start: ...}, {@code smtpd_check_addr: ...}, {@code unknown_address_tempfail_action = x}. */
    private static boolean startsWithFunctionName(String m, int p) {
        int len = m.length();
        int i = p;
        boolean underscore = false;
        while (i < len) {
            char c = m.charAt(i);
            if (c == '_') {
                underscore = true;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                break;
            }
            i++;
        }
        return underscore && i > p && (m.startsWith(": ", i) || m.startsWith(" = ", i));
    }

    /** {@code private/rewrite socket: wanted attribute: flags}, {@code smtp socket: ...}. */
    private static boolean isSocketTrace(String m, int p) {
        int space = m.indexOf(' ', p);
        return space > p && m.startsWith(" socket: ", space);
    }
}

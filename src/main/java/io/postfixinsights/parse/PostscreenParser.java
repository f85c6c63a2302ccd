package io.postfixinsights.parse;

/**
 * postscreen verdicts: upper-case words, then an address in brackets, e.g. {@code PASS NEW [1.2.3.4]:5678},
 * {@code DNSBL rank 3 for [1.2.3.4]:5678}, {@code PREGREET 6 after 1.2 from [1.2.3.4]:5678: EHLO x}. The detail is
 * what is left once the verdict and address are taken out ({@code rank 3}, {@code 6 after 1.2: EHLO x},
 * {@code after CONNECT}), or null.
 */
final class PostscreenParser {

    private PostscreenParser() {}

    static PostfixEvent parse(String m) {
        if (m.startsWith("CONNECT from ")) {
            return new PostfixEvent.Noise("postscreen-connect");
        }
        if (m.startsWith("DISCONNECT ")) {
            return new PostfixEvent.Noise("postscreen-disconnect");
        }
        if (m.startsWith("cache ")) {
            return new PostfixEvent.Noise("postscreen-cache");
        }
        int len = m.length();
        int verdictEnd = 0;
        int p = 0;
        while (p < len) {
            int wordEnd = p;
            while (wordEnd < len && isVerdictChar(m.charAt(wordEnd))) {
                wordEnd++;
            }
            if (wordEnd == p || (wordEnd < len && m.charAt(wordEnd) != ' ')) {
                break;
            }
            verdictEnd = wordEnd;
            p = wordEnd + 1;
        }
        int open = m.indexOf('[', verdictEnd);
        int close = open < 0 ? -1 : m.indexOf(']', open);
        if (verdictEnd == 0 || close < 0) {
            return null;
        }
        String verdict = m.substring(0, verdictEnd);
        String ip = m.substring(open + 1, close);
        String middle = m.substring(Math.min(verdictEnd + 1, open), open).trim();
        if (middle.endsWith(" from") || middle.endsWith(" for")) {
            middle = middle.substring(0, middle.lastIndexOf(' '));
        } else if (middle.equals("from") || middle.equals("for")) {
            middle = "";
        }
        int after = close + 1;
        if (after < len && m.charAt(after) == ':' && after + 1 < len && Character.isDigit(m.charAt(after + 1))) {
            after = Text.digitsEnd(m, after + 1);
        }
        String tail = m.substring(after).trim();
        String detail;
        if (middle.isEmpty()) {
            detail = tail;
        } else if (tail.isEmpty() || tail.startsWith(":")) {
            detail = middle + tail;
        } else {
            detail = middle + " " + tail;
        }
        return new PostfixEvent.PostscreenVerdict(verdict, ip, Text.nullIfEmpty(detail));
    }

    private static boolean isVerdictChar(char c) {
        return (c >= 'A' && c <= 'Z') || c == '-';
    }
}

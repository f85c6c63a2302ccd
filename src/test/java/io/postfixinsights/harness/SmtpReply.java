package io.postfixinsights.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An SMTP reply: its code and its lines; reads and writes the multi-line form. */
record SmtpReply(int code, List<String> lines) {

    /**
     * A reply as a scenario writes it: one or more lines, each optionally starting with the code (as providers'
     * multi-line replies do); {@code {name}} placeholders are replaced from {@code vars}.
     */
    static SmtpReply parse(String text, Map<String, String> vars) {
        String filled = text;
        for (Map.Entry<String, String> v : vars.entrySet()) {
            filled = filled.replace("{" + v.getKey() + "}", v.getValue());
        }
        List<String> lines = new ArrayList<>();
        int code = -1;
        for (String raw : filled.strip().split("\n")) {
            String line = raw.stripTrailing();
            if (line.length() >= 3
                    && line.substring(0, 3).chars().allMatch(Character::isDigit)
                    && (line.length() == 3 || line.charAt(3) == ' ' || line.charAt(3) == '-')) {
                code = code < 0 ? Integer.parseInt(line.substring(0, 3)) : code;
                line = line.length() > 4 ? line.substring(4) : "";
            }
            lines.add(line);
        }
        if (code < 0) {
            throw new IllegalArgumentException("reply without a code: " + text);
        }
        return new SmtpReply(code, lines);
    }

    /** Reads one reply (all its lines); null at end of stream. */
    static SmtpReply read(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line; (line = in.readLine()) != null; ) {
            if (line.length() < 3) {
                throw new IOException("bad reply line: " + line);
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new SmtpReply(Integer.parseInt(line.substring(0, 3)), lines);
            }
        }
        return null;
    }

    /** The wire form, CRLF-terminated. */
    String wire() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            b.append(code)
                    .append(i == lines.size() - 1 ? ' ' : '-')
                    .append(lines.get(i))
                    .append("\r\n");
        }
        return b.toString();
    }

    /** The reply on one line, as Postfix logs a multi-line reply: lines joined by a space. */
    String text() {
        return code + " " + String.join(" ", lines);
    }

    boolean positive() {
        return code < 400;
    }
}

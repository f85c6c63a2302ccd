package io.postfixinsights.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's .sql resources: read whole ({@link #text}), or split into statements: full-line {@code --} comments
 * are dropped and statements end with a {@code ;} at the end of a line. Enough for our own files, which keep
 * semicolons out of string literals.
 */
public final class SqlScript {

    private SqlScript() {}

    static List<String> statements(String resource) {
        return split(text(resource));
    }

    /** A classpath resource such as {@code sql/trace/attempts.sql}, as text. */
    public static String text(String resource) {
        try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQL resource " + resource, e);
        }
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                addIfNotBlank(out, current);
                current.setLength(0);
            }
        }
        addIfNotBlank(out, current);
        return out;
    }

    private static void addIfNotBlank(List<String> out, StringBuilder sql) {
        String s = sql.toString().strip();
        if (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        if (!s.isEmpty()) {
            out.add(s);
        }
    }
}

package io.postfixinsights.report;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the local part of recipient addresses by a short stable hash, {@code h:1a2b3c4d@domain} (the first 8 hex
 * digits of the SHA-256 of the lower-cased local part), so a report can be shared without naming recipients.
 *
 * <p>Works on whole result records: every String in them (and in nested records and lists) is rewritten, since
 * replies, samples and log lines quote recipient addresses too. Kept as they are: components named for the sender
 * side ({@code sender}, {@code saslUser}, {@code messageId}) and, inside text, addresses right after
 * {@code from=<} or {@code message-id=<} (the sender and Message-ID of a Postfix log line).
 */
public final class Redactor {
    private static final Pattern ADDRESS = Pattern.compile(
            "(?<![A-Za-z0-9.!#$%&'*+/=?^_`{|}~-])([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+)@([A-Za-z0-9](?:[A-Za-z0-9-]*"
                    + "[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)");
    private static final Set<String> SENDER_SIDE = Set.of("sender", "saslUser", "messageId");
    private static final List<String> KEEP_AFTER = List.of("from=<", "message-id=<");

    /** The text with every recipient address hashed. */
    public String text(String s) {
        if (s == null || s.indexOf('@') < 0) {
            return s;
        }
        Matcher m = ADDRESS.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String before = s.substring(Math.max(0, m.start() - 12), m.start()).toLowerCase(Locale.ROOT);
            boolean keep = KEEP_AFTER.stream().anyMatch(before::endsWith);
            m.appendReplacement(out, Matcher.quoteReplacement(keep ? m.group() : hash(m.group(1)) + "@" + m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** "h:" and the first 8 hex digits of the SHA-256 of the lower-cased local part. */
    static String hash(String localPart) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(localPart.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "h:" + HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** A copy of a record (or list, or string) with every String but the sender-side components redacted. */
    @SuppressWarnings("unchecked")
    public <T> T apply(T value) {
        return (T) walk(value, null);
    }

    private Object walk(Object value, String component) {
        if (value instanceof String s) {
            return component != null && SENDER_SIDE.contains(component) ? s : text(s);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> walk(v, component)).toList();
        }
        if (value != null && value.getClass().isRecord()) {
            return record(value);
        }
        return value;
    }

    private Object record(Object r) {
        RecordComponent[] parts = r.getClass().getRecordComponents();
        Object[] values = new Object[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                parts[i].getAccessor().setAccessible(true);
                values[i] = walk(parts[i].getAccessor().invoke(r), parts[i].getName());
            }
            Constructor<?> canonical = r.getClass()
                    .getDeclaredConstructor(
                            Arrays.stream(parts).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException("cannot redact " + r.getClass().getName() + ": " + cause, cause);
        }
    }
}

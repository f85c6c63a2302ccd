package io.postfixinsights.source;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A file known by its content, not its name: the SHA-256 of its first up-to-{@value #HEAD_BYTES} uncompressed bytes
 * and how many bytes that was. {@code mail.log}, {@code mail.log.1} and {@code mail.log.2.gz} have the same
 * fingerprint; after {@code copytruncate} the live file starts with other lines and gets a new one.
 *
 * <p>A file shorter than {@value #HEAD_BYTES} bytes grows: its stored fingerprint covers fewer bytes, so a file
 * {@link #continues continues} a known one when its first {@code length} bytes hash the same.
 *
 * @param length how many head bytes were hashed (0 for an empty file, which is never matched)
 * @param sha256 the hex SHA-256 of those bytes
 */
public record Fingerprint(int length, String sha256) {

    public static final int HEAD_BYTES = 1024;

    /** The stored text form: {@code length:sha256}. */
    public String text() {
        return length + ":" + sha256;
    }

    public static Fingerprint parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a fingerprint: " + text);
        }
        return new Fingerprint(Integer.parseInt(text.substring(0, colon)), text.substring(colon + 1));
    }

    /**
     * The first up-to-{@value #HEAD_BYTES} uncompressed bytes of {@code file}. A stream that breaks early (a truncated
     * archive) still yields the bytes before the break, so the file can be known and its complete lines read.
     */
    public static byte[] readHead(LogFile file) throws IOException {
        byte[] head = new byte[HEAD_BYTES];
        int n = 0;
        try (InputStream in = file.compression().open(file.path())) {
            int r;
            while (n < head.length && (r = in.read(head, n, head.length - n)) > 0) {
                n += r;
            }
        } catch (IOException e) {
            if (n == 0) {
                throw e;
            }
        }
        return Arrays.copyOf(head, n);
    }

    public static Fingerprint of(byte[] head) {
        return new Fingerprint(head.length, sha256(head, head.length));
    }

    /** True when {@code head} (a file's first bytes) begins with the bytes this fingerprint was taken from. */
    public boolean continues(byte[] head) {
        return length > 0 && head.length >= length && sha256.equals(sha256(head, length));
    }

    private static String sha256(byte[] bytes, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, 0, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package io.postfixinsights.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain SMTP client that submits one message from a chosen loopback source address and keeps every reply it got,
 * so that a pre-queue reject's truth is what the client was told.
 */
final class SmtpClient {

    /** The replies of one session: MAIL, each RCPT, and the end of DATA (null when not reached). */
    record Result(SmtpReply greeting, SmtpReply mail, Map<String, SmtpReply> rcpt, SmtpReply data) {

        /** The queue ID from {@code 250 2.0.0 Ok: queued as ID}, else null. */
        String queuedAs() {
            if (data == null || !data.positive()) {
                return null;
            }
            String t = data.text();
            int i = t.lastIndexOf("queued as ");
            return i < 0 ? null : t.substring(i + 10).strip();
        }
    }

    private SmtpClient() {}

    static Result send(
            String bindIp,
            String serverIp,
            int port,
            String helo,
            String sender,
            List<String> recipients,
            byte[] content,
            boolean declareSize)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindIp), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName(serverIp), port), 10_000);
            socket.setSoTimeout(120_000);
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            SmtpReply greeting = SmtpReply.read(in);
            Map<String, SmtpReply> rcpt = new LinkedHashMap<>();
            if (greeting == null || !greeting.positive()) {
                return new Result(greeting, null, rcpt, null);
            }
            command(out, in, "EHLO " + helo);
            SmtpReply mail =
                    command(out, in, "MAIL FROM:<" + sender + ">" + (declareSize ? " SIZE=" + content.length : ""));
            SmtpReply data = null;
            if (mail.positive()) {
                for (String r : recipients) {
                    rcpt.put(r, command(out, in, "RCPT TO:<" + r + ">"));
                }
                if (rcpt.values().stream().anyMatch(SmtpReply::positive)) {
                    SmtpReply go = command(out, in, "DATA");
                    if (go.code() == 354) {
                        out.write(dotStuffed(content));
                        out.write(".\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        data = SmtpReply.read(in);
                    } else {
                        data = go;
                    }
                }
            }
            command(out, in, "QUIT");
            return new Result(greeting, mail, rcpt, data);
        }
    }

    private static SmtpReply command(OutputStream out, BufferedReader in, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        SmtpReply reply = SmtpReply.read(in);
        if (reply == null) {
            throw new IOException("connection closed after " + line);
        }
        return reply;
    }

    private static byte[] dotStuffed(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            lines.add(l.startsWith(".") ? "." + l : l);
        }
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}

package io.postfixinsights.harness;

import io.postfixinsights.harness.Scenario.Rule;
import io.postfixinsights.harness.Scenario.Stage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted SMTP server on one loopback address: it answers each stage from its rules (first match wins) or with
 * the usual positive reply, and journals every reply that decides a recipient's or a message's fate. The content
 * filter is a responder whose end-of-data answer comes from re-injecting the message ({@link DataHandler}).
 */
final class Responder implements AutoCloseable {

    /** Decides the end-of-data reply for a transaction whose rules did not answer. */
    interface DataHandler {
        SmtpReply accept(String sender, List<String> recipients, byte[] content) throws IOException;
    }

    private static final Pattern PATH = Pattern.compile("(?i)^(?:MAIL FROM|RCPT TO):\\s*<([^>]*)>");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>\\r\\n]*>)");

    private final String name;
    private final String host;
    private final String ip;
    private final int port;
    private final List<Rule> rules;
    private final String greeting;
    private final Instant start;
    private final Journal journal;
    private final DataHandler dataHandler;
    private final ExecutorService sessions = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "responder-session");
        t.setDaemon(true);
        return t;
    });
    private ServerSocket server;

    Responder(
            String name,
            String host,
            String ip,
            int port,
            List<Rule> rules,
            String greeting,
            Instant start,
            Journal journal,
            DataHandler dataHandler) {
        this.name = name;
        this.host = host;
        this.ip = ip;
        this.port = port;
        this.rules = rules;
        this.greeting = greeting != null ? greeting : "220 " + host + " ESMTP ready";
        this.start = start;
        this.journal = journal;
        this.dataHandler = dataHandler;
    }

    /** A destination's usual end-of-data reply, with a fresh id as real servers add. */
    static DataHandler accepting(String template) {
        String t = template != null ? template : "250 2.0.0 OK {id}";
        return (sender, recipients, content) -> SmtpReply.parse(t, Map.of("id", token()));
    }

    static String token() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), 36);
    }

    void start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(ip), port), 100);
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket s = server.accept();
                            sessions.submit(() -> session(s));
                        } catch (IOException closed) {
                            return;
                        }
                    }
                },
                "responder-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        sessions.shutdownNow();
        try {
            sessions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void session(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout(600_000);
            Session s = new Session(socket.getInetAddress().getHostAddress(), out);
            if (s.answer(Stage.GREETING, null, SmtpReply.parse(greeting, Map.of()))) {
                return;
            }
            for (String line; (line = in.readLine()) != null; ) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                boolean closed = switch (verb) {
                    case "EHLO", "HELO" ->
                        s.answer(
                                Stage.EHLO,
                                null,
                                SmtpReply.parse(
                                        verb.equals("EHLO")
                                                ? "250-" + host + "\n250-PIPELINING\n250-SIZE 157286400\n250-8BITMIME\n"
                                                        + "250-ENHANCEDSTATUSCODES\n250 SMTPUTF8"
                                                : "250 " + host,
                                        Map.of()));
                    case "MAIL" -> {
                        s.reset();
                        s.sender = path(line);
                        yield s.answer(Stage.MAIL, null, SmtpReply.parse("250 2.1.0 OK", Map.of()));
                    }
                    case "RCPT" -> s.rcpt(path(line));
                    case "DATA" -> s.data(in);
                    case "RSET" -> {
                        s.reset();
                        s.write(SmtpReply.parse("250 2.0.0 OK", Map.of()));
                        yield false;
                    }
                    case "NOOP" -> {
                        s.write(SmtpReply.parse("250 2.0.0 OK", Map.of()));
                        yield false;
                    }
                    case "QUIT" -> {
                        s.write(SmtpReply.parse("221 2.0.0 closing connection", Map.of()));
                        yield true;
                    }
                    default -> {
                        s.write(SmtpReply.parse("502 5.5.1 Unrecognized command", Map.of()));
                        yield false;
                    }
                };
                if (closed) {
                    return;
                }
            }
        } catch (IOException | InterruptedException gone) {
            // the client hung up or the harness is stopping
        }
    }

    private static String path(String line) {
        Matcher m = PATH.matcher(line);
        return m.find() ? m.group(1) : "";
    }

    /** One SMTP connection's state. */
    private final class Session {
        final String peer;
        final OutputStream out;
        String sender;
        final List<String> accepted = new ArrayList<>();

        Session(String peer, OutputStream out) {
            this.peer = peer;
            this.out = out;
        }

        void reset() {
            sender = null;
            accepted.clear();
        }

        boolean rcpt(String recipient) throws IOException, InterruptedException {
            Rule rule = match(Stage.RCPT, recipient, List.of());
            SmtpReply reply = reply(rule, recipient, SmtpReply.parse("250 2.1.5 OK", Map.of()));
            delay(rule);
            journal(Stage.RCPT, recipient, null, reply, rule);
            write(reply);
            if (reply.positive()) {
                accepted.add(recipient);
            }
            return reply.code() == 421;
        }

        boolean data(BufferedReader in) throws IOException, InterruptedException {
            if (accepted.isEmpty()) {
                write(SmtpReply.parse("554 5.5.1 Error: no valid recipients", Map.of()));
                return false;
            }
            if (answer(Stage.DATA, null, SmtpReply.parse("354 Go ahead", Map.of()))) {
                return true;
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            for (String line; (line = in.readLine()) != null && !line.equals("."); ) {
                content.writeBytes(
                        (line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.ISO_8859_1));
                content.writeBytes(new byte[] {'\r', '\n'});
            }
            // a bounce (null sender) names the message it reports last, in its copy of the original headers
            Matcher id = MESSAGE_ID.matcher(content.toString(StandardCharsets.ISO_8859_1));
            String messageId = null;
            while (id.find() && (messageId == null || "".equals(sender))) {
                messageId = id.group(1);
            }
            Rule rule = match(Stage.DATA_END, null, accepted);
            SmtpReply reply = rule != null && rule.reply() != null
                    ? reply(rule, accepted.get(0), null)
                    : dataHandler.accept(sender, List.copyOf(accepted), content.toByteArray());
            delay(rule);
            for (String r : accepted) {
                journal(Stage.DATA_END, r, messageId, reply, rule);
            }
            write(reply);
            reset();
            return reply.code() == 421;
        }

        /** Answers a stage from the rules or with the default; true when the connection is to be closed. */
        boolean answer(Stage stage, String recipient, SmtpReply normal) throws IOException, InterruptedException {
            Rule rule = match(stage, recipient, List.of());
            SmtpReply reply = reply(rule, recipient, normal);
            delay(rule);
            if (!reply.positive()) {
                journal(stage, recipient, null, reply, rule);
            }
            write(reply);
            return reply.code() == 421 || (stage == Stage.GREETING && !reply.positive());
        }

        Rule match(Stage stage, String recipient, List<String> recipients) {
            Duration clock = Duration.between(start, Instant.now());
            for (Rule r : rules) {
                if (r.stage() == stage
                        && r.activeAt(clock)
                        && Scenario.glob(r.sender(), sender)
                        && (r.recipient() == null
                                || (recipient != null
                                        ? Scenario.glob(r.recipient(), recipient)
                                        : recipients.stream().anyMatch(x -> Scenario.glob(r.recipient(), x))))) {
                    return r;
                }
            }
            return null;
        }

        SmtpReply reply(Rule rule, String recipient, SmtpReply normal) {
            if (rule == null || rule.reply() == null) {
                return normal;
            }
            Map<String, String> vars = new HashMap<>();
            vars.put("client", peer);
            vars.put("rcpt", recipient != null ? recipient : "");
            vars.put("sender", sender != null ? sender : "");
            vars.put("id", token());
            return SmtpReply.parse(rule.reply(), vars);
        }

        void delay(Rule rule) throws InterruptedException {
            if (rule != null && rule.delay() != null) {
                Thread.sleep(rule.delay().toMillis());
            }
        }

        void journal(Stage stage, String recipient, String messageId, SmtpReply reply, Rule rule) {
            journal.add(new Journal.Entry(
                    Instant.now(),
                    name,
                    peer,
                    stage.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    sender,
                    recipient,
                    messageId,
                    reply.code(),
                    reply.text(),
                    rule != null ? rule.episode() : null,
                    rule != null ? rule.episodeClass() : null));
        }

        void write(SmtpReply reply) throws IOException {
            out.write(reply.wire().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }
}

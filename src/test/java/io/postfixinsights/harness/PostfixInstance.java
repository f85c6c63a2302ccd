package io.postfixinsights.harness;

import io.postfixinsights.harness.Scenario.Instance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A private Postfix instance of Debian's package: its own config, queue and data directories under {@code base},
 * nothing chrooted, logging through its own postlogd to {@code logDir/mail.log}, listening on loopback addresses
 * only. /etc/postfix and the system's Postfix are not touched.
 */
final class PostfixInstance implements AutoCloseable {

    /** Where the instance's own smtpd for re-injected mail listens (the content filter's way back). */
    static final String REINJECT = "127.0.0.1:10025";
    /** The content filter's name in the log (an /etc/hosts entry), address and port. */
    static final String FILTER_HOST = "amavis.shop.example";

    static final String FILTER_IP = "127.0.0.50";
    static final int FILTER_PORT = 10024;

    final Path config;
    final Path queue;
    final Path logDir;
    private final Path data;
    private boolean running;

    PostfixInstance(Path base, Path logDir) throws IOException {
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.config = Files.createDirectories(base.resolve("etc"));
        this.queue = Files.createDirectories(base.resolve("queue"));
        this.data = Files.createDirectories(base.resolve("data"));
        this.logDir = logDir;
        exec(List.of("chown", "postfix", data.toString()));
    }

    /**
     * Why the harness cannot run here, or empty when it can: it needs root on a Debian-like system, and installs
     * Debian's postfix package (configuration "No configuration") when it is missing. A system instance the install
     * starts is stopped and disabled, so it does not take port 25.
     */
    static Optional<String> unavailable() {
        try {
            if (!"0".equals(output(List.of("id", "-u")).strip())) {
                return Optional.of("the real-Postfix harness needs root (it runs a private Postfix instance)");
            }
            if (!Files.isExecutable(Path.of("/usr/sbin/postfix"))) {
                if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
                    return Optional.of("Postfix is not installed and this is not a Debian-like system (no apt-get)");
                }
                install();
                if (!Files.isExecutable(Path.of("/usr/sbin/postfix"))) {
                    return Optional.of("Postfix could not be installed with apt-get (see the test output)");
                }
            }
            return Optional.empty();
        } catch (IOException | InterruptedException e) {
            return Optional.of("cannot check for Postfix: " + e);
        }
    }

    private static void install() throws IOException, InterruptedException {
        ProcessBuilder preseed = new ProcessBuilder("debconf-set-selections");
        Process p = preseed.start();
        p.getOutputStream()
                .write("postfix postfix/main_mailer_type select No configuration\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        p.waitFor();
        if (run(List.of("apt-get", "install", "-y", "-q", "postfix")) != 0) {
            run(List.of("apt-get", "update", "-q"));
            run(List.of("apt-get", "install", "-y", "-q", "postfix"));
        }
        // a configured system instance would hold port 25 on every address; the harness needs its own
        run(List.of(
                "sh",
                "-c",
                "systemctl disable --now postfix 2>/dev/null || service postfix stop 2>/dev/null" + " || true"));
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        return pb.start().waitFor();
    }

    /** The package's version, as {@code postconf -d mail_version} says. */
    static String version() throws IOException, InterruptedException {
        return output(List.of("postconf", "-d", "-h", "mail_version")).strip();
    }

    /** Writes main.cf, master.cf and the maps for a scenario. */
    void configure(Instance inst, Map<String, String> transport, boolean contentFilter) throws IOException {
        String domain = inst.myhostname().substring(inst.myhostname().indexOf('.') + 1);
        Map<String, String> main = new LinkedHashMap<>();
        main.put("compatibility_level", "3.6");
        main.put("queue_directory", queue.toString());
        main.put("data_directory", data.toString());
        main.put("mail_owner", "postfix");
        main.put("setgid_group", "postdrop");
        main.put("myhostname", inst.myhostname());
        main.put("mydomain", domain);
        main.put("myorigin", "$mydomain");
        main.put("mydestination", "");
        main.put("local_recipient_maps", "");
        main.put("alias_maps", "");
        main.put("alias_database", "");
        main.put("inet_interfaces", "127.0.0.1");
        main.put("inet_protocols", "ipv4");
        main.put("mynetworks", String.join(" ", inst.mynetworks()));
        main.put("relay_domains", String.join(" ", inst.relayDomains()));
        main.put(
                "relay_recipient_maps",
                inst.relayRecipients().isEmpty() ? "" : recipientPatterns(inst.relayRecipients()));
        main.put("transport_maps", map("transport", transport));
        main.put("smtp_host_lookup", "native");
        main.put("smtp_bind_address", inst.smtpdAddress());
        main.put("smtpd_banner", "$myhostname ESMTP");
        main.put("smtpd_helo_required", "yes");
        main.put(
                "smtpd_helo_restrictions",
                "permit_mynetworks, reject_invalid_helo_hostname, reject_non_fqdn_helo_hostname");
        main.put("smtpd_client_restrictions", "check_client_access " + map("client_access", inst.clientAccess()));
        main.put("smtpd_sender_restrictions", "check_sender_access " + map("sender_access", inst.senderAccess()));
        main.put("smtpd_relay_restrictions", "permit_mynetworks, reject_unauth_destination");
        main.put("message_size_limit", "1048576");
        main.put("smtp_tls_security_level", "none");
        main.put("smtpd_tls_security_level", "none");
        main.put("maillog_file", logDir.resolve("mail.log").toString());
        main.put("maillog_file_prefixes", logDir.toString());
        main.put("queue_run_delay", "15s");
        main.put("minimal_backoff_time", "15s");
        main.put("maximal_backoff_time", "60s");
        main.put("maximal_queue_lifetime", "10m");
        main.put("bounce_queue_lifetime", "10m");
        main.put("smtp_connect_timeout", "10s");
        main.put("biff", "no");
        main.put("append_dot_mydomain", "no");
        main.putAll(inst.mainCf());
        StringBuilder cf = new StringBuilder("# written by the Postfix Insights test harness\n");
        main.forEach((k, v) -> cf.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(config.resolve("main.cf"), cf.toString());
        Files.writeString(config.resolve("master.cf"), masterCf(inst.smtpdAddress(), contentFilter));
    }

    private static String masterCf(String smtpd, boolean contentFilter) {
        String filter = contentFilter ? "  -o content_filter=smtp-amavis:[" + FILTER_HOST + "]:" + FILTER_PORT : "";
        return """
                # service type  private unpriv  chroot  wakeup  maxproc command
                %1$s:25 inet n     -       n       -       -       smtpd
                %1$s:587 inet n    -       n       -       -       smtpd
                  -o syslog_name=postfix/submission
                  -o smtpd_client_restrictions=permit_mynetworks,reject
                  -o smtpd_helo_restrictions=permit_mynetworks,reject_non_fqdn_helo_hostname
                %3$s
                %2$s inet n -       n       -       -       smtpd
                  -o syslog_name=postfix/reinject
                  -o content_filter=
                  -o receive_override_options=no_unknown_recipient_checks,no_header_body_checks,no_milters
                  -o smtpd_helo_restrictions=
                  -o smtpd_client_restrictions=
                  -o smtpd_sender_restrictions=
                  -o smtpd_relay_restrictions=permit_mynetworks,reject
                  -o mynetworks=127.0.0.0/8
                smtp-amavis unix -      -       n       -       2       smtp
                  -o smtp_data_done_timeout=1200
                  -o smtp_bind_address=127.0.0.1
                pickup    unix  n       -       n       60      1       pickup
                cleanup   unix  n       -       n       -       0       cleanup
                qmgr      unix  n       -       n       300     1       qmgr
                rewrite   unix  -       -       n       -       -       trivial-rewrite
                bounce    unix  -       -       n       -       0       bounce
                defer     unix  -       -       n       -       0       bounce
                trace     unix  -       -       n       -       0       bounce
                verify    unix  -       -       n       -       1       verify
                flush     unix  n       -       n       1000?   0       flush
                proxymap  unix  -       -       n       -       -       proxymap
                proxywrite unix -       -       n       -       1       proxymap
                smtp      unix  -       -       n       -       -       smtp
                relay     unix  -       -       n       -       -       smtp
                showq     unix  n       -       n       -       -       showq
                error     unix  -       -       n       -       -       error
                retry     unix  -       -       n       -       -       error
                discard   unix  -       -       n       -       -       discard
                anvil     unix  -       -       n       -       1       anvil
                scache    unix  -       -       n       -       1       scache
                postlog   unix-dgram n  -       n       -       1       postlogd
                """.formatted(smtpd, REINJECT, filter);
    }

    private String map(String name, Map<String, String> entries) throws IOException {
        StringBuilder b = new StringBuilder();
        entries.forEach((k, v) -> b.append(k).append('\t').append(v).append('\n'));
        Path file = config.resolve(name);
        Files.writeString(file, b.toString());
        return "texthash:" + file;
    }

    /** The scenario's recipient globs as a regexp: table (built into Postfix, no postmap needed). */
    private String recipientPatterns(List<String> globs) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String g : globs) {
            b.append("/^").append(g.replace(".", "\\.").replace("*", ".*")).append("$/ OK\n");
        }
        Path file = config.resolve("relay_recipients");
        Files.writeString(file, b.toString());
        return "regexp:" + file;
    }

    void start() throws IOException, InterruptedException {
        postfix("check");
        postfix("start");
        running = true;
    }

    /** {@code postfix reload}: postlogd reopens the log file (the postrotate step of logrotate). */
    void reload() throws IOException, InterruptedException {
        postfix("reload");
    }

    private void postfix(String command) throws IOException, InterruptedException {
        Process p = env(new ProcessBuilder("postfix", "-c", config.toString(), command))
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            // without a terminal the postfix command says why only in the log
            Path log = logDir.resolve("mail.log");
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            throw new IOException("postfix " + command + " failed; the log ends with:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size())));
        }
    }

    /** Hands a message to the pickup service the way a local program does. */
    int sendmail(String sender, List<String> recipients, byte[] content) throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(List.of("/usr/sbin/sendmail", "-C", config.toString(), "-i", "-f", sender, "--"));
        cmd.addAll(recipients);
        Process p = env(new ProcessBuilder(cmd)).redirectErrorStream(true).start();
        p.getOutputStream().write(content);
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    /** {@code postsuper -c CONFIG <args>}: hold, release, delete, requeue. */
    int postsuper(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("postsuper", "-c", config.toString()));
        cmd.addAll(List.of(args));
        Process p = env(new ProcessBuilder(cmd)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    /** The queue's content, one JSON object per message ({@code postqueue -j}): the queue, not the log. */
    String postqueueJson() throws IOException, InterruptedException {
        return output(List.of("postqueue", "-c", config.toString(), "-j"));
    }

    /** {@code postfix stop}, then waits for the master to be gone so that postlogd has written everything. */
    @Override
    public void close() throws IOException {
        if (!running) {
            return;
        }
        running = false;
        try {
            Optional<ProcessHandle> master = masterProcess();
            postfix("stop");
            if (master.isPresent()) {
                master.get().onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (TimeoutException | ExecutionException e) {
            exec(List.of("postfix", "-c", config.toString(), "abort"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<ProcessHandle> masterProcess() throws IOException {
        Path pid = queue.resolve("pid/master.pid");
        return Files.exists(pid)
                ? ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
                : Optional.empty();
    }

    /** Daemons log in UTC (TZ is in Postfix's default import_environment), so the truth and the log agree. */
    private static ProcessBuilder env(ProcessBuilder pb) {
        pb.environment().put("TZ", "UTC");
        return pb;
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process p = env(new ProcessBuilder(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    private static void exec(List<String> command) throws IOException {
        try {
            output(command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

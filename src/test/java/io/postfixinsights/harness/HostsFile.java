package io.postfixinsights.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Adds name → loopback address entries to /etc/hosts for the run and puts the file back byte for byte afterwards.
 * Written in place (the file may be a bind mount); each added line is marked so that entries a killed run left
 * behind are removed by the next one.
 */
final class HostsFile implements AutoCloseable {

    static final Path HOSTS = Path.of("/etc/hosts");
    private static final String MARK = "# postfix-insights-harness";

    private final byte[] original;
    private boolean restored;

    HostsFile(Map<String, String> nameToIp) throws IOException {
        String text = Files.readString(HOSTS, StandardCharsets.UTF_8);
        if (text.contains(MARK)) {
            text = text.lines()
                    .filter(l -> !l.endsWith(MARK))
                    .map(l -> l + "\n")
                    .collect(Collectors.joining());
        }
        original = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder added = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            added.append('\n');
        }
        nameToIp.forEach((name, ip) -> added.append(ip)
                .append('\t')
                .append(name)
                .append(' ')
                .append(MARK)
                .append('\n'));
        Files.write(HOSTS, added.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void close() throws IOException {
        if (!restored) {
            Files.write(HOSTS, original);
            restored = true;
        }
    }
}

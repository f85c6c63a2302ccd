package io.postfixinsights.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged jar as a real process, as cron would, and captures its exit code and output. */
public record JarRun(int exitCode, String stdout, String stderr) {

    public static final Path JAR = Path.of("target", "postfix-insights.jar");
    /** The test-only observers (testsupport.PauseAtCheckpoint), packaged by the build beside the jar. */
    static final Path TEST_HOOKS = Path.of("target", "test-hooks");

    public static ProcessBuilder builder(Path workDir, String... args) {
        return builder(workDir, List.of(), Map.of(), args);
    }

    /**
     * @param wrapper a command the java process is started under (e.g. {@code setpriv ...}), or empty
     * @param env variables added to the inherited environment; naming a pause point
     *     ({@value PauseAtCheckpoint#ENV}) also puts the test hooks on the jar's loader path
     */
    public static ProcessBuilder builder(Path workDir, List<String> wrapper, Map<String, String> env, String... args) {
        assertThat(JAR)
                .as("the packaged jar (run through 'mvnw verify', after package)")
                .exists();
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1"));
        if (env.containsKey(PauseAtCheckpoint.ENV)) {
            assertThat(TEST_HOOKS).as("the test hooks jar (built in package)").isDirectoryContaining("glob:**.jar");
            command.add("-Dloader.path=" + TEST_HOOKS.toAbsolutePath());
        }
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().putAll(env);
        return pb;
    }

    public static JarRun run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(builder(workDir, args), workDir);
    }

    public static JarRun run(ProcessBuilder pb, Path workDir) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES))
                .as("jar finished within 5 minutes")
                .isTrue();
        return new JarRun(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The last line on stderr: the one-line reason the CLI gives for a failure. */
    public String lastErrLine() {
        String[] lines = stderr.strip().split("\n");
        return lines[lines.length - 1];
    }

    /**
     * A jar process still running, whose stdout is followed line by line so that a test can act when a given line
     * appears (with {@code POSTFIX_INSIGHTS_TEST_PAUSE_AT}: {@code test pause at <point>}).
     */
    public static final class Running {
        private final Process process;
        private final Path err;
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        public Running(ProcessBuilder pb, Path workDir) throws IOException {
            err = Files.createTempFile(workDir, "stderr", ".txt");
            process = pb.redirectErrorStream(false).redirectError(err.toFile()).start();
            reader = new Thread(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until a stdout line contains {@code text}; fails if the process ends first or time runs out. */
        public void awaitLine(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (lines) {
                while (lines.stream().noneMatch(l -> l.contains(text))) {
                    long left = deadline - System.nanoTime();
                    assertThat(left > 0 && (process.isAlive() || reader.isAlive()))
                            .as(
                                    "'%s' on stdout before the process ended or %s passed; stdout so far:%n%s",
                                    text, timeout, String.join("\n", lines))
                            .isTrue();
                    lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
                }
            }
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** SIGKILL: no shutdown hook, no finally block runs. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("killed process ended")
                    .isTrue();
        }

        /** Ends a test pause (closes stdin) and waits for the run to finish. */
        public JarRun release() throws IOException, InterruptedException {
            process.getOutputStream().close();
            assertThat(process.waitFor(5, TimeUnit.MINUTES))
                    .as("jar finished within 5 minutes")
                    .isTrue();
            reader.join(10_000);
            synchronized (lines) {
                return new JarRun(
                        process.exitValue(), String.join("\n", lines), Files.readString(err, StandardCharsets.UTF_8));
            }
        }
    }
}

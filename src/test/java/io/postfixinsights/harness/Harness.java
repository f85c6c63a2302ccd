package io.postfixinsights.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes a log set by hand: {@code Harness <scenario> <output dir>} runs the scenario (a YAML file, or the name of
 * one in src/test/resources/harness/scenarios) against a private Postfix and leaves mail.log* and truth.json in the
 * output directory. How to call it: docs/HARNESS.md.
 */
public final class Harness {

    static final Path SCENARIOS = Path.of("src", "test", "resources", "harness", "scenarios");

    private Harness() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Harness <scenario file or name> <output directory>");
            System.exit(2);
        }
        Optional<String> why = PostfixInstance.unavailable();
        if (why.isPresent()) {
            System.err.println("harness: " + why.get());
            System.exit(1);
        }
        Scenario scenario = Scenario.load(find(args[0]));
        Path out = Path.of(args[1]).toAbsolutePath();
        System.out.printf(
                "harness: running %s for %s, logs and truth.json into %s%n", scenario.name(), scenario.duration(), out);
        Truth truth = HarnessRun.run(scenario, out);
        System.out.printf("harness: %s%n", truth.totals());
        truth.expectationMismatches().forEach(m -> System.out.println("harness: not as planned: " + m));
        System.exit(0);
    }

    /** A scenario file by path, or by name ({@code 01-ci-mixed}, {@code ci-mixed}) in the scenarios folder. */
    static Path find(String nameOrPath) throws IOException {
        Path direct = Path.of(nameOrPath);
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        try (var files = Files.list(SCENARIOS)) {
            return files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.equals(nameOrPath)
                                || n.equals(nameOrPath + ".yaml")
                                || n.endsWith("-" + nameOrPath + ".yaml");
                    })
                    .findFirst()
                    .orElseThrow(() -> new IOException("no scenario " + nameOrPath + " in " + SCENARIOS));
        }
    }
}

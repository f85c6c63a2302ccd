package io.postfixinsights.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;

/** A scenario run live for a test: skipped (with the reason) where the harness cannot run. */
final class LiveRun {

    private LiveRun() {}

    static Path logs(String scenario, Path work) throws Exception {
        Optional<String> why = PostfixInstance.unavailable();
        assumeTrue(why.isEmpty(), () -> "real-Postfix harness skipped: " + why.orElse(""));
        Path out = work.resolve("logs");
        HarnessRun.run(Scenario.load(Harness.find(scenario)), out);
        return out;
    }
}

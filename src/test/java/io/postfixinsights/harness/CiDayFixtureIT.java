package io.postfixinsights.harness;

import java.nio.file.Path;

/** The saved run of 01-ci-day (src/test/resources/real-postfix/ci-day): real Postfix logs, no root needed. */
class CiDayFixtureIT extends TruthCheck {

    @Override
    Path logs() {
        return Path.of("src", "test", "resources", "real-postfix", "ci-day").toAbsolutePath();
    }
}

package io.postfixinsights.harness;

import java.nio.file.Path;

/** The saved run of 11-plain-day (src/test/resources/real-postfix/plain-day): a quiet day, real Postfix logs. */
class PlainDayFixtureIT extends TruthCheck {

    @Override
    Path logs() {
        return Path.of("src", "test", "resources", "real-postfix", "plain-day").toAbsolutePath();
    }
}

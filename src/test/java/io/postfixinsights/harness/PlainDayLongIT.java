package io.postfixinsights.harness;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

/** 11-plain-day live (twelve minutes): a quiet day with ordinary churn only. Runs with -Pharness-long. */
@Tag("harness-long")
class PlainDayLongIT extends TruthCheck {

    @Override
    Path logs() throws Exception {
        return LiveRun.logs("11-plain-day", work);
    }
}

package io.postfixinsights.harness;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

/** 12-cluster-episodes live (fifteen minutes): issue 15's episodes at real time scales. Runs with -Pharness-long. */
@Tag("harness-long")
class ClusterEpisodesLongIT extends TruthCheck {

    @Override
    Path logs() throws Exception {
        return LiveRun.logs("12-cluster-episodes", work);
    }
}

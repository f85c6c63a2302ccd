package io.postfixinsights.harness;

import java.nio.file.Path;

/**
 * The CI scenario (01-ci-day, about four minutes) run live against a private Postfix, then checked against its
 * truth. Skips when not root or Postfix cannot be installed; .ci/run installs it.
 */
class CiDayIT extends TruthCheck {

    @Override
    Path logs() throws Exception {
        return LiveRun.logs("01-ci-day", work);
    }
}

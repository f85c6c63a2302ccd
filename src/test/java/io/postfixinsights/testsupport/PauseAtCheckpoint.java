package io.postfixinsights.testsupport;

import io.postfixinsights.store.Checkpoints;
import java.io.IOException;
import java.util.Objects;

/**
 * The crash tests' observer, in the test-hooks jar that {@code JarRun} puts on the product jar's loader path: off
 * unless the environment variable {@value #ENV} names a point ({@code ingest}, {@code commit}, {@code render}). At
 * that point the run prints {@code test pause at <point>} on stdout and waits until its standard input is closed,
 * so that a test can kill the real process there with SIGKILL, or hold the database while a second run starts, and
 * then let it continue. Each point pauses once per process.
 */
public final class PauseAtCheckpoint implements Checkpoints.Observer {

    public static final String ENV = "POSTFIX_INSIGHTS_TEST_PAUSE_AT";
    private final String point = System.getenv(ENV);
    private boolean paused;

    @Override
    public void reached(String reached) {
        if (point == null || paused || !Objects.equals(reached, point)) {
            return;
        }
        paused = true;
        System.out.println("test pause at " + reached);
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // wait for end of input
            }
        } catch (IOException e) {
            // a broken stdin ends the pause as well
        }
    }
}

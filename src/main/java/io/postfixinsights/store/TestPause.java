package io.postfixinsights.store;

import java.io.IOException;
import java.util.Objects;

/**
 * A test-only hook, off unless the environment variable {@value #ENV} names a point ({@code ingest}, {@code commit},
 * {@code render}). At that point the run prints {@code test pause at <point>} on stdout and waits until its standard
 * input is closed, so that a test can kill the real process there with SIGKILL, or hold the database while a second
 * run starts, and then let it continue. Each point pauses once per process.
 */
public final class TestPause {

    static final String ENV = "POSTFIX_INSIGHTS_TEST_PAUSE_AT";
    private static final String POINT = System.getenv(ENV);
    private static boolean paused;

    private TestPause() {}

    public static void at(String point) {
        if (POINT == null || paused || !Objects.equals(point, POINT)) {
            return;
        }
        paused = true;
        System.out.println("test pause at " + point);
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

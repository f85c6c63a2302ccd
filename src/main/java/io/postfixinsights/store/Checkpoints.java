package io.postfixinsights.store;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Named points of a run that an observer may watch: {@code ingest} (lines read, nothing committed), {@code commit}
 * (everything written, before the commit), {@code render} (report rendered, not published). The product ships no
 * observer; one is found with {@link ServiceLoader} when a jar on the loader path declares it (the crash tests put
 * their pausing observer there), and otherwise reaching a point does nothing.
 */
public final class Checkpoints {

    /** Told each time a run reaches a point, on the run's thread. */
    public interface Observer {
        void reached(String point);
    }

    private static final List<Observer> OBSERVERS =
            ServiceLoader.load(Observer.class, Checkpoints.class.getClassLoader()).stream()
                    .map(ServiceLoader.Provider::get)
                    .toList();

    private Checkpoints() {}

    public static void reached(String point) {
        for (Observer o : OBSERVERS) {
            o.reached(point);
        }
    }
}

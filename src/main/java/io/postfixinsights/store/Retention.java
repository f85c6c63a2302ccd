package io.postfixinsights.store;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Deletes detail rows older than the retention period after rolling them up per day ({@code daily_rollups}), in
 * its own transaction. The cut falls on a UTC midnight so that a day is rolled up whole, never half.
 */
public final class Retention {

    private final Database db;

    public Retention(Database db) {
        this.db = db;
    }

    /** Prunes what is older than {@code keep} before now; returns the cut used. */
    public Instant prune(Duration keep) throws SQLException {
        return prune(keep, Instant.now());
    }

    Instant prune(Duration keep, Instant now) throws SQLException {
        Instant cut = now.minus(keep).truncatedTo(ChronoUnit.DAYS);
        db.begin();
        try {
            db.sql().run("sql/store/prune.sql", Sql.Params.of("prune_cut", cut));
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        }
        return cut;
    }
}

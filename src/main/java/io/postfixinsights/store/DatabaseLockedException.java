package io.postfixinsights.store;

import java.nio.file.Path;
import java.sql.SQLException;

/** The DuckDB file is held by another process, most likely another run still going: this run must not start. */
public final class DatabaseLockedException extends SQLException {

    private static final long serialVersionUID = 1L;

    public DatabaseLockedException(Path file, SQLException cause) {
        super(
                "database " + file + " is in use by another process (is another postfix-insights run still going?); "
                        + "DuckDB said: " + cause.getMessage(),
                cause);
    }
}

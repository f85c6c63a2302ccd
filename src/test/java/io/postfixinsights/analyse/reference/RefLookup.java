package io.postfixinsights.analyse.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Test helper: an in-memory DuckDB with the reference tables loaded, and the lookups the analysis SQL makes, written
 * from the table contracts (lowest rule priority wins, relay before domain, exact DSN code then class.subject then
 * class).
 */
final class RefLookup implements AutoCloseable {

    final Connection db;

    private RefLookup(Connection db) {
        this.db = db;
    }

    static RefLookup builtIn() {
        return withExtraDir(null);
    }

    static RefLookup withExtraDir(Path extraDir) {
        try {
            Connection db = DriverManager.getConnection("jdbc:duckdb:");
            ReferenceData.load(db, Optional.ofNullable(extraDir));
            return new RefLookup(db);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String reasonOf(String reply) {
        return single(
                "SELECT coalesce((SELECT reason_class FROM ref_reply_rules WHERE regexp_matches(?, pattern, 'i')"
                        + " ORDER BY priority LIMIT 1), 'other')",
                reply);
    }

    /** The provider for a recipient domain and relay host name (null when there was no relay). */
    String providerOf(String domain, String relayHost) {
        return single(
                "SELECT coalesce("
                        + "(SELECT provider FROM ref_providers WHERE kind = 'relay'"
                        + "   AND (lower($1) = pattern OR ends_with(lower($1), '.' || pattern))"
                        + "   ORDER BY length(pattern) DESC LIMIT 1),"
                        + "(SELECT provider FROM ref_providers WHERE kind = 'domain'"
                        + "   AND (lower($2) = pattern OR ends_with(lower($2), '.' || pattern))"
                        + "   ORDER BY length(pattern) DESC LIMIT 1),"
                        + " lower($2))",
                relayHost,
                domain);
    }

    String dsnMeaning(String code) {
        return single(
                "SELECT meaning FROM ref_dsn_codes WHERE code IN ($1, regexp_extract($1, '^[0-9]+\\.[0-9]+'),"
                        + " regexp_extract($1, '^[0-9]+'))"
                        + " ORDER BY length(code) DESC LIMIT 1",
                code);
    }

    String single(String sql, Object... params) {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}

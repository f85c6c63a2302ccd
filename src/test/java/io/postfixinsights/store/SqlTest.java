package io.postfixinsights.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.postfixinsights.correlate.RecipientStatus;
import io.postfixinsights.store.Sql.Params;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one SQL convention: scripts handed to DuckDB whole, named parameters as variables, checked per call. */
class SqlTest {

    private static final Instant AT = Instant.parse("2026-11-15T08:30:05.123456Z");

    Connection connection;
    Sql sql;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        sql = new Sql(connection);
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void should_run_every_statement_of_a_script_whatever_its_comments_and_literals_hold() throws SQLException {
        sql.run("sql/sqltest/script.sql", Params.of("at", AT).and("id", 2L).and("note", "it's; fine"));

        List<Map.Entry<String, Instant>> rows = sql.list(
                "sql/sqltest/notes.sql",
                Params.of("min_id", 1),
                rs -> Map.entry(
                        rs.getString("note"),
                        Sql.instant(rs, "seen") == null ? Instant.EPOCH : Sql.instant(rs, "seen")));
        assertThat(rows)
                .containsExactly(Map.entry("a; b -- not a comment", AT), Map.entry("it's; fine", Instant.EPOCH));
    }

    @Test
    void should_bind_each_kind_of_value_with_its_type() throws SQLException {
        List<List<String>> rows = sql.list(
                "sql/sqltest/values.sql",
                Params.of("at", AT)
                        .and("text", "O'Brien")
                        .and("n_int", 7)
                        .and("n_long", 5_000_000_000L)
                        .and("share", 0.25)
                        .and("flag", true)
                        .and("state", RecipientStatus.BOUNCED)
                        .and("names", List.of("throttling", "policy"))
                        .and("ids", List.of(3L, 1L))
                        .and("nothing", null),
                rs -> List.of(rs.getString("name"), rs.getString("v"), rs.getString("t")));
        assertThat(rows)
                .containsExactly(
                        List.of("at", "2026-11-15 08:30:05.123456+00", "TIMESTAMP WITH TIME ZONE"),
                        List.of("flag", "true", "BOOLEAN"),
                        List.of("ids", "[3, 1]", "BIGINT[]"),
                        List.of("n_int", "7", "INTEGER"),
                        List.of("n_long", "5000000000", "BIGINT"),
                        List.of("names", "[throttling, policy]", "VARCHAR[]"),
                        List.of("nothing", "null", "n/a"),
                        List.of("share", "0.25", "DOUBLE"),
                        List.of("state", "bounced", "VARCHAR"),
                        List.of("text", "O'Brien", "VARCHAR"));
    }

    @Test
    void should_refuse_a_call_that_leaves_a_variable_of_the_script_unset_before_running_anything() {
        // "id" was set by no one: a stale value from an earlier call would otherwise be read silently
        assertThatThrownBy(() ->
                        sql.run("sql/sqltest/script.sql", Params.of("at", AT).and("note", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sql/sqltest/script.sql")
                .hasMessageContaining("not given: [id]");
        assertThatThrownBy(() -> sql.list("sql/sqltest/notes.sql", Params.none(), rs -> 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not given: [min_id]");
        assertThatThrownBy(() -> sql.list("sql/sqltest/broken.sql", Params.of("min_id", 1), rs -> 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not read: [min_id]");
        assertThatThrownBy(() -> sql.list("sql/sqltest/notes.sql", Params.of("min_id", 1), rs -> 1))
                .as("the refused script created nothing")
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("notes");
    }

    @Test
    void should_name_the_script_when_duckdb_refuses_it() {
        assertThatThrownBy(() -> sql.list("sql/sqltest/broken.sql", Params.none(), rs -> 1))
                .isInstanceOf(SQLException.class)
                .hasMessageStartingWith("sql/sqltest/broken.sql: Catalog Error")
                .hasMessageContaining("no_such_table");
    }

    @Test
    void should_insist_on_exactly_one_row_when_asked_for_one() throws SQLException {
        sql.run("sql/sqltest/script.sql", Params.of("at", AT).and("id", 2L).and("note", "x"));
        long id = sql.one("sql/sqltest/notes.sql", Params.of("min_id", 2), rs -> rs.getLong("id"));
        assertThat(id).isEqualTo(2L);
        assertThatThrownBy(() -> sql.one("sql/sqltest/notes.sql", Params.of("min_id", 1), rs -> rs.getLong("id")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned 2 rows, expected 1");
    }

    @Test
    void should_find_the_variables_a_script_reads() {
        assertThat(Sql.variables("SELECT getvariable('a_b'), getvariable('c') -- getvariable('a_b')"))
                .containsExactly("a_b", "c");
        assertThat(tuple(Sql.stored(RecipientStatus.DEFERRED), Sql.literal("it's")))
                .isEqualTo(tuple("deferred", "'it''s'"));
    }
}

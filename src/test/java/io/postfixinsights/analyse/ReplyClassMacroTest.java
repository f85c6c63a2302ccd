package io.postfixinsights.analyse;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.store.Sql;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** reply_class written out as a CASE: first rule by priority wins, case-insensitive, quotes in patterns survive. */
class ReplyClassMacroTest {
    @TempDir
    Path dir;

    TestDb db;

    @BeforeEach
    void rules() throws Exception {
        db = TestDb.create(dir);
        db.exec(
                "DELETE FROM ref_reply_rules",
                "INSERT INTO ref_reply_rules VALUES (2, 'policy', 'blocked'), (1, 'authentication', 'dmarc'),"
                        + " (3, 'unknown-mailbox', 'can''t find user')");
        db.exec(Analyser.replyClassMacro(new Sql(db.connection())));
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "550 5.7.1 Blocked by DMARC policy | authentication",
                "554 message BLOCKED               | policy",
                "550 we can't find user x          | unknown-mailbox",
                "250 ok                            | other"
            })
    void should_classify_by_the_first_matching_rule(String reply, String expected) throws Exception {
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT reply_class(" + Sql.literal(reply) + ")")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(expected);
        }
    }

    @Test
    void should_call_a_missing_reply_other() throws Exception {
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT reply_class(NULL)")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("other");
        }
    }
}

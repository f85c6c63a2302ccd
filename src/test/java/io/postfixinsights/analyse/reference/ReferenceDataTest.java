package io.postfixinsights.analyse.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceDataTest {

    private RefLookup ref;

    @TempDir
    Path userDir;

    @AfterEach
    void close() throws SQLException {
        if (ref != null) {
            ref.close();
        }
    }

    private List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement st = ref.db.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private void userFile(String name, String content) throws IOException {
        Files.writeString(userDir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void should_create_the_five_tables_with_exactly_the_contract_columns() throws SQLException {
        ref = RefLookup.builtIn();

        assertThat(column("SELECT table_name || '(' || string_agg(column_name || ' ' || data_type, ', '"
                        + " ORDER BY ordinal_position) || ')' FROM information_schema.columns"
                        + " WHERE table_name LIKE 'ref_%' GROUP BY table_name ORDER BY table_name"))
                .containsExactly(
                        "ref_cluster_classes(cluster_class VARCHAR, label VARCHAR, advice VARCHAR)",
                        "ref_dsn_codes(code VARCHAR, meaning VARCHAR, advice VARCHAR)",
                        "ref_providers(kind VARCHAR, pattern VARCHAR, provider VARCHAR)",
                        "ref_reason_classes(reason_class VARCHAR, label VARCHAR, advice VARCHAR)",
                        "ref_reply_rules(priority INTEGER, reason_class VARCHAR, pattern VARCHAR)");
    }

    @Test
    void should_hold_exactly_the_reason_and_cluster_class_ids_the_sql_uses() throws SQLException {
        ref = RefLookup.builtIn();

        assertThat(column("SELECT reason_class FROM ref_reason_classes"))
                .containsExactlyInAnyOrder(
                        "rate-limited",
                        "authentication",
                        "reputation",
                        "content",
                        "unknown-mailbox",
                        "mailbox-full",
                        "policy",
                        "connection",
                        "dns",
                        "other");
        assertThat(column("SELECT cluster_class FROM ref_cluster_classes"))
                .containsExactlyInAnyOrder("throttling", "policy", "authentication", "list-hygiene");
        assertThat(column("SELECT reason_class FROM ref_reason_classes WHERE label = '' OR advice = ''"))
                .isEmpty();
    }

    @Test
    void should_have_a_rule_for_every_reason_class_but_other_and_unique_priorities() throws SQLException {
        ref = RefLookup.builtIn();

        assertThat(column("SELECT DISTINCT reason_class FROM ref_reply_rules"))
                .containsExactlyInAnyOrder(
                        "rate-limited",
                        "authentication",
                        "reputation",
                        "content",
                        "unknown-mailbox",
                        "mailbox-full",
                        "policy",
                        "connection",
                        "dns");
        assertThat(column("SELECT count(*) = count(DISTINCT priority) FROM ref_reply_rules"))
                .containsExactly("true");
    }

    @Test
    void should_resolve_providers_by_relay_first_then_domain_then_the_domain_itself() {
        ref = RefLookup.builtIn();

        assertThat(ref.providerOf("gmail.com", "gmail-smtp-in.l.google.com")).isEqualTo("Google");
        assertThat(ref.providerOf("customer.example", "aspmx.l.google.com")).isEqualTo("Google");
        assertThat(ref.providerOf("customer.example", "ALT2.ASPMX.L.GOOGLE.COM"))
                .isEqualTo("Google");
        assertThat(ref.providerOf("contoso.example", "contoso-example.mail.protection.outlook.com"))
                .isEqualTo("Microsoft");
        assertThat(ref.providerOf("hotmail.co.uk", null)).isEqualTo("Microsoft");
        assertThat(ref.providerOf("aol.com", "mx-aol.mail.gm0.yahoodns.net")).isEqualTo("Yahoo");
        assertThat(ref.providerOf("web.de", "mx-ha03.web.de")).isEqualTo("GMX/Web.de/1&1");
        assertThat(ref.providerOf("firm.example", "mx00.kundenserver.de")).isEqualTo("GMX/Web.de/1&1");
        assertThat(ref.providerOf("bank.example", "mx0a-00123401.pphosted.com")).isEqualTo("Proofpoint");
        assertThat(ref.providerOf("shop.example", "eu-smtp-inbound-1.mimecast.com"))
                .isEqualTo("Mimecast");
        assertThat(ref.providerOf("me.com", "mx01.mail.icloud.com")).isEqualTo("Apple iCloud");
        // a relay that is no provider does not hide a provider's domain
        assertThat(ref.providerOf("gmail.com", "smarthost.example.net")).isEqualTo("Google");
        // suffix matching stops at a dot: notgmail.com is not gmail.com
        assertThat(ref.providerOf("notgmail.com", null)).isEqualTo("notgmail.com");
        assertThat(ref.providerOf("Example.ORG", "mx.example.org")).isEqualTo("example.org");
    }

    @Test
    void should_explain_a_dsn_code_by_exact_code_then_class_subject_then_class() throws SQLException {
        ref = RefLookup.builtIn();

        assertThat(ref.dsnMeaning("5.7.26")).isEqualTo("Multiple authentication checks failed");
        assertThat(ref.dsnMeaning("4.2.2")).isEqualTo("Recipient mailbox is full");
        assertThat(ref.dsnMeaning("5.7.999")).isEqualTo("Security or policy");
        assertThat(ref.dsnMeaning("4.9.9")).isEqualTo("Temporary failure");
        assertThat(ref.dsnMeaning("2.0.0")).isEqualTo("Accepted");
    }

    @Test
    void should_list_every_rfc_3463_and_7372_detail_code_for_both_failure_classes() throws SQLException {
        ref = RefLookup.builtIn();
        List<String> expected = new ArrayList<>();
        int[] lastDetail = {0, 10, 4, 5, 7, 6, 10, 30}; // per subject; X.1.5 and X.3.6 are success-only codes
        for (String cls : List.of("4", "5")) {
            expected.add(cls);
            for (int subject = 0; subject <= 7; subject++) {
                expected.add(cls + "." + subject);
                for (int detail = 0; detail <= lastDetail[subject]; detail++) {
                    if (subject == 0 && detail > 0 || subject == 1 && detail == 5 || subject == 3 && detail == 6) {
                        continue;
                    }
                    expected.add(cls + "." + subject + "." + detail);
                }
            }
        }

        assertThat(column("SELECT code FROM ref_dsn_codes WHERE code NOT LIKE '2%'"))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(column("SELECT code FROM ref_dsn_codes WHERE meaning = '' OR advice = ''"))
                .isEmpty();
    }

    @Test
    void should_let_user_rows_replace_built_in_rows_and_add_new_ones() throws IOException, SQLException {
        userFile(
                "providers.csv",
                "kind,pattern,provider\nrelay,protection.outlook.com,Microsoft 365\n"
                        + "domain,Intra.Example,Our own mail\n");
        userFile("reason-classes.csv", "reason_class,label,advice\ndns,DNS trouble,Ask the DNS team.\n");
        userFile("dsn-codes.csv", "code,meaning,advice\n5.7.1,Blocked by the receiver,Call them.\n");
        userFile("cluster-classes.csv", "cluster_class,label,advice\nthrottling,Slow down,Send less.\n");

        ref = RefLookup.withExtraDir(userDir);

        assertThat(ref.providerOf("contoso.example", "contoso-example.mail.protection.outlook.com"))
                .isEqualTo("Microsoft 365");
        assertThat(column("SELECT count(*) FROM ref_providers WHERE pattern = 'protection.outlook.com'"))
                .containsExactly("1");
        assertThat(ref.providerOf("intra.example", null)).isEqualTo("Our own mail");
        assertThat(ref.providerOf("hotmail.com", null)).isEqualTo("Microsoft");
        assertThat(column("SELECT label FROM ref_reason_classes WHERE reason_class = 'dns'"))
                .containsExactly("DNS trouble");
        assertThat(column("SELECT count(*) FROM ref_reason_classes")).containsExactly("10");
        assertThat(ref.dsnMeaning("5.7.1")).isEqualTo("Blocked by the receiver");
        assertThat(ref.dsnMeaning("4.7.1")).isEqualTo("Delivery not authorized, message refused");
        assertThat(column("SELECT advice FROM ref_cluster_classes WHERE cluster_class = 'throttling'"))
                .containsExactly("Send less.");
    }

    @Test
    void should_let_a_user_rule_win_over_a_built_in_rule_of_the_same_priority() throws IOException {
        String reply = "550 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org";
        // built-in 400 says reputation; a user rule at the same priority decides first
        userFile(
                "reply-rules.csv",
                "priority,reason_class,pattern\n400,policy,zen\\.spamhaus\\.org\n" + "1,dns,our-resolver-broke\n");

        ref = RefLookup.withExtraDir(userDir);

        assertThat(ref.reasonOf(reply)).isEqualTo("policy");
        assertThat(ref.reasonOf("host mx said: 451 our-resolver-broke, 5.7.1")).isEqualTo("dns");
        assertThat(ref.reasonOf("550 5.7.1 client host [192.0.2.10] blocked using bl.spamcop.net"))
                .isEqualTo("reputation");
    }

    @Test
    void should_let_a_user_rule_with_the_same_pattern_reclassify_a_built_in_rule() throws IOException {
        userFile("reply-rules.csv", "priority,reason_class,pattern\n310,policy,gr[ae]y-?list\n");

        ref = RefLookup.withExtraDir(userDir);

        assertThat(ref.reasonOf("451 4.7.1 Greylisting in action, please come back later"))
                .isEqualTo("policy");
    }

    @Test
    void should_accept_a_new_reason_class_when_the_user_also_describes_it() throws IOException {
        userFile("reason-classes.csv", "reason_class,label,advice\nlegal-hold,Legal hold,Ask legal.\n");
        userFile("reply-rules.csv", "priority,reason_class,pattern,note\n5,Legal-Hold,legal hold,ours\n");

        ref = RefLookup.withExtraDir(userDir);

        assertThat(ref.reasonOf("550 5.7.1 message under legal hold")).isEqualTo("legal-hold");
    }

    @Test
    void should_refuse_bad_user_rows_naming_file_and_line() throws IOException {
        userFile("reply-rules.csv", "priority,reason_class,pattern\n10,dns,fine\n20,bogus,x\n");
        assertThatThrownBy(() -> RefLookup.withExtraDir(userDir))
                .hasMessageContaining(userDir.resolve("reply-rules.csv") + ":3: reason_class 'bogus'");

        userFile("reply-rules.csv", "priority,reason_class,pattern\nhigh,dns,x\n");
        assertThatThrownBy(() -> RefLookup.withExtraDir(userDir)).hasMessageContaining(":2: priority must be");

        userFile("reply-rules.csv", "priority,reason_class,pattern\n10,dns,(unclosed\n");
        assertThatThrownBy(() -> RefLookup.withExtraDir(userDir))
                .hasMessageContaining("reply-rules.csv:2: pattern is not a valid RE2 expression");

        Files.delete(userDir.resolve("reply-rules.csv"));
        userFile("providers.csv", "kind,pattern,provider\nmx,example.com,Example\n");
        assertThatThrownBy(() -> RefLookup.withExtraDir(userDir))
                .hasMessageContaining("providers.csv:2: kind must be domain or relay");

        userFile("providers.csv", "kind,pattern,provider\ndomain,*.example.com,Example\n");
        assertThatThrownBy(() -> RefLookup.withExtraDir(userDir))
                .hasMessageContaining("providers.csv:2: pattern is a plain domain name");

        userFile("providers.csv", "kind,provider\ndomain,Example\n");
        assertThatThrownBy(() -> RefLookup.withExtraDir(userDir))
                .hasMessageContaining("providers.csv:1: header lacks column 'pattern'");
    }

    @Test
    void should_refuse_a_reference_directory_that_does_not_exist() {
        assertThatThrownBy(() -> RefLookup.withExtraDir(userDir.resolve("missing")))
                .hasMessageContaining("reference directory not found");
    }

    @Test
    void should_keep_the_previous_tables_when_a_user_file_is_bad() throws IOException, SQLException {
        ref = RefLookup.builtIn();
        userFile("providers.csv", "kind,pattern,provider\ndomain,intra.example,Ours\n");
        userFile("reply-rules.csv", "priority,reason_class,pattern\n10,nope,x\n");

        assertThatThrownBy(() -> ReferenceData.load(ref.db, java.util.Optional.of(userDir)))
                .isInstanceOf(IOException.class);

        assertThat(ref.providerOf("intra.example", null)).isEqualTo("intra.example");
    }
}

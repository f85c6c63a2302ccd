package io.postfixinsights.analyse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.postfixinsights.analyse.Analysis.Totals;
import io.postfixinsights.analyse.reference.ReferenceData;
import io.postfixinsights.ingest.Ingestion;
import io.postfixinsights.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real ingestion and analysis on real logs of ../shared/corpus (read in place), against counts made by hand or
 * by an independent grep. Most corpus timestamps have no year, so the period is wide enough that the year the
 * parser infers does not matter. Commands are run in ../shared/corpus; "last status per recipient" is the command
 * below: the latest status line of each (queue ID, recipient), so a recipient deferred and then sent counts once,
 * as sent.
 */
// zcat -f FILES | grep -E " to=<[^>]*>.*status=(sent|deferred|bounced|expired)" \
//   | sed -E 's/.* ([0-9A-Za-z]+): to=<([^>]*)>.*status=([a-z]+).*/\1 \2 \3/' \
//   | awk '{last[$1" "$2]=$3} END {for (k in last) print last[k]}' | sort | uniq -c
class CorpusSpotCheckTest {
    static final Path CORPUS = Path.of(System.getProperty("user.dir")).resolve("../shared/corpus").normalize();
    static final ReportPeriod EVERYTHING = new ReportPeriod(Instant.parse("1990-01-01T00:00:00Z"),
            Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Ingests the files of one corpus source (a glob under the corpus folder) and analyses everything. */
    Analysis analyse(String glob) throws Exception {
        assumeTrue(Files.isDirectory(CORPUS), "skipped: ../shared/corpus not present (as in a user's clone)");
        try (Database db = Database.open(dir.resolve("spot.duckdb"))) {
            new Ingestion(ZoneId.of("UTC"), Clock.systemUTC()).run(db, List.of(CORPUS.resolve(glob).toString()));
            ReferenceData.load(db.connection(), Optional.empty());
            return new Analyser().analyse(db.connection(), EVERYTHING);
        }
    }

    @Test
    void should_count_kdent_outcomes_rejects_and_ndrs() throws Exception {
        Totals t = analyse("kdent/mail.log").totals();

        // last status per recipient: 504 sent, 7 bounced, 5 deferred; none of the sent or bounced ones belongs to
        // the 2 NDRs (grep -c "sender non-delivery notification" kdent/mail.log = 2; both NDRs, 68AF424356 and
        // 77116243CC, are only ever deferred), which are 2 of the 5 still deferred: 3 user recipients remain queued
        assertThat(t.delivered()).isEqualTo(504);
        assertThat(t.bounced()).isEqualTo(7);
        assertThat(t.expired()).isZero();
        assertThat(t.stillQueued()).isEqualTo(3);
        assertThat(t.ndrsSent()).isEqualTo(2);
        // (queue ID, recipient) pairs with a deferral: 14, less the 2 NDRs
        //   grep "status=deferred" kdent/mail.log | sed -E 's/.*: ([0-9A-F]+): to=<([^>]*)>.*/\1 \2/' | sort -u | wc -l
        assertThat(t.deferredAtLeastOnce()).isEqualTo(12);
        // grep -c "NOQUEUE: reject:" kdent/mail.log = 606 (no reject_warning, no milter-reject)
        assertThat(t.rejects()).isEqualTo(606);
        assertThat(t.rejectWarnings()).isZero();
    }

    @Test
    void should_follow_secopscenter_message_deferred_for_five_days_until_it_expired() throws Exception {
        Analysis a = analyse("secopscenter/postfix.log");

        // last status per recipient: 16 sent, 6 bounced, 1 deferred. 3 of the bounces are NDRs bounced by local
        // delivery (D31F4464AA2, 95521464BB7, 83EBE464AA2: "unknown user: contact"), 1 of the sent is the NDR
        // AC8B8460943 about the expired message; the deferred one is 8D999464A71 to admin@email.com, which qmgr
        // expired on Aug 27 ("status=expired, returned to sender") after
        //   grep -c "8D999464A71: to=.*status=deferred" secopscenter/postfix.log = 103 deferrals, all dsn=4.4.1
        assertThat(a.totals().delivered()).isEqualTo(15);
        assertThat(a.totals().bounced()).isEqualTo(3);
        assertThat(a.totals().expired()).isEqualTo(1);
        assertThat(a.totals().deferredAtLeastOnce()).isEqualTo(1);
        assertThat(a.totals().stillQueued()).isZero();
        // grep -c "sender non-delivery notification" secopscenter/postfix.log = 4
        assertThat(a.ndrs().nonDelivery()).isEqualTo(4);
        assertThat(a.ndrs().ndrDelivered()).isEqualTo(1);
        assertThat(a.ndrs().ndrFailed()).isEqualTo(3);
        assertThat(a.failedRecipients()).filteredOn(r -> r.recipient().equals("admin@email.com"))
                .singleElement().satisfies(r -> {
                    assertThat(r.status()).isEqualTo("expired");
                    assertThat(r.dsn()).isEqualTo("4.4.1");
                });
    }

    @Test
    void should_count_gomaillex_outcomes_of_a_busy_five_minute_slice() throws Exception {
        Totals t = analyse("gomaillex/maillog").totals();

        // last status per recipient: 71 sent, 2 bounced, 151 deferred. 4 of the sent are NDR deliveries (the NDRs
        // 272597C3693, 51A4E7C4D62, 11ACD7C5605, 56DD77C5B40; the fifth, 5C6367C2C75, has no delivery line yet):
        //   grep -c "sender non-delivery notification" gomaillex/maillog = 5
        // Of the 151 deferred, 3 belong to the messages qmgr expired (grep -c "status=expired" = 3, one recipient
        // each), so 148 stay deferred; the file's last line (BBC317C2D24 to stevend31@gmail.org, deferred) has no
        // line end, and a log line is only read once complete (the next run reads it), which leaves 147 queued.
        assertThat(t.delivered()).isEqualTo(67);
        assertThat(t.bounced()).isEqualTo(2);
        assertThat(t.expired()).isEqualTo(3);
        assertThat(t.stillQueued()).isEqualTo(147);
        assertThat(t.ndrsSent()).isEqualTo(5);
    }

    @Test
    void should_count_pixelpark_mail_once_although_amavis_re_injects_it() throws Exception {
        Analysis a = analyse("pixelpark/mail.log.gz");

        // last status per recipient: 364 sent, 1 bounced. Of the sent, 181 are hand-offs to amavis
        //   zgrep -c "relay=127.0.0.1" pixelpark/mail.log.gz = 181 (all status=sent)
        // whose real delivery is the re-injected copy's (177 relay=dovecot, 3 relay=local, 2 remote smtp), and 1
        // (relay=aspmx.l.google.com) is the one NDR (zgrep -c "sender non-delivery notification" = 1). One
        // hand-off, 4Pc3ZX1jFxz3tBr, was discarded by amavis ("250 2.7.0 Ok, discarded", banned attachment): no
        // copy came back, so that hand-off is the message's outcome and counts as delivered, as Postfix logged it.
        // 364 - 181 - 1 + 1 = 183.
        assertThat(a.totals().delivered()).isEqualTo(183);
        assertThat(a.totals().bounced()).isEqualTo(1);
        assertThat(a.totals().recipients()).isEqualTo(184);
        assertThat(a.totals().ndrsSent()).isEqualTo(1);
        // zgrep -c "NOQUEUE: reject:" pixelpark/mail.log.gz = 116
        assertThat(a.totals().rejects()).isEqualTo(116);
        // the bounce, read by hand: 4PcV4K5FPLz3tBr to user02.test@uhu-banane.com, dsn=5.4.4, "Host or domain
        // name not found"
        assertThat(a.failedRecipients()).singleElement().satisfies(r -> {
            assertThat(r.recipient()).isEqualTo("user02.test@uhu-banane.com");
            assertThat(r.status()).isEqualTo("bounced");
            assertThat(r.dsn()).isEqualTo("5.4.4");
        });
    }

    @Test
    void should_count_the_ndrs_of_teliten_rotated_set() throws Exception {
        Totals t = analyse("teliten/mail.log*").totals();

        // zcat -f teliten/mail.log* | grep -c "sender non-delivery notification" = 286 (in 5 files, 2 of them gzip)
        assertThat(t.ndrsSent()).isEqualTo(286);
        // zcat -f teliten/mail.log* | grep -c "NOQUEUE: reject:" = 0
        assertThat(t.rejects()).isZero();
    }
}

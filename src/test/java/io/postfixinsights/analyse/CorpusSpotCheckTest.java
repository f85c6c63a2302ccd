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
import java.util.ArrayList;
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
    static final Path CORPUS =
            Path.of(System.getProperty("user.dir")).resolve("../shared/corpus").normalize();
    static final ReportPeriod EVERYTHING = new ReportPeriod(
            Instant.parse("1990-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Ingests the files of one corpus source (a glob under the corpus folder) and analyses everything. */
    Analysis analyse(String glob) throws Exception {
        try (Database db = ingest(glob)) {
            return analyse(db);
        }
    }

    /** Ingests the files of one corpus source into a fresh history, skipping the test when the corpus is absent. */
    Database ingest(String glob) throws Exception {
        assumeTrue(Files.isDirectory(CORPUS), "skipped: ../shared/corpus not present (as in a user's clone)");
        Database db = Database.open(dir.resolve("spot.duckdb"));
        new Ingestion(ZoneId.of("UTC"), Clock.systemUTC())
                .run(db, List.of(CORPUS.resolve(glob).toString()));
        return db;
    }

    static Analysis analyse(Database db) throws Exception {
        ReferenceData.load(db.connection(), Optional.empty());
        return new Analyser().analyse(db.connection(), EVERYTHING);
    }

    /** The rows of a query, each row's columns joined by a space. */
    static List<String> rows(Database db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " " : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
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
        assertThat(a.failedRecipients())
                .filteredOn(r -> r.recipient().equals("admin@email.com"))
                .singleElement()
                .satisfies(r -> {
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

    /**
     * teliten is a forwarding relay whose upstream stopped resolving. qmgr logs expiry once per message
     * ("from=<...>, status=expired, returned to sender"), not per recipient, so the expired recipients are the
     * recipients still deferred when their message's expiry line came. Counted with the script below over
     * zcat -f of mail.log.4.gz, .3.gz, .2.gz, .1, mail.log (in that order) into /tmp/tel_all:
     *   /sender non-delivery notification: / { ndr[$NF]=1 }
     *   /: to=<.*status=(sent|deferred|bounced)/ { q = queue ID, r = to, s = status; st[q" "r]=s;
     *       if (s=="deferred") d[q" "r]=1; rq[q" "r]=q }
     *   /qmgr.*status=expired, returned to sender/ { q = queue ID;
     *       for (k in rq) if (rq[k]==q && st[k]=="deferred") st[k]="expired" }
     *   END: count st[] by status, split into NDRs (queue ID named by a bounce line) and the rest
     * (awk; 0.2 s). Results: 853 expiry lines, 880 expired recipients: 285 of NDRs, 595 of the rest. The rest
     * includes 257 recipients of null-sender messages whose bounce line is not in the log (they were queued before
     * May 7, their first line is a deferral or the expiry): nothing links them to an original, so, like mail
     * relayed from outside with from=<>, they count as user mail. User mail: 595 expired, 2 still deferred, none
     * sent or bounced; 597 deferred at least once. NDRs: 4 sent, 4 bounced, 285 expired, 2 deferred.
     */
    @Test
    void should_count_teliten_expired_recipients_deferrals_and_ndrs_over_the_rotated_set() throws Exception {
        Totals t = analyse("teliten/mail.log*").totals();

        assertThat(t.expired()).isEqualTo(595);
        assertThat(t.stillQueued()).isEqualTo(2);
        assertThat(t.delivered()).isZero();
        assertThat(t.bounced()).isZero();
        assertThat(t.deferredAtLeastOnce()).isEqualTo(597);
        // zcat -f teliten/mail.log* | grep -c "sender non-delivery notification" = 286 (in 5 files, 2 of them gzip)
        assertThat(t.ndrsSent()).isEqualTo(286);
        // zcat -f teliten/mail.log* | grep -c "NOQUEUE: reject:" = 0
        assertThat(t.rejects()).isZero();
    }

    @Test
    void should_read_the_arnevandebemdt_rotated_set_oldest_first_and_count_every_cron_mail() throws Exception {
        try (Database db = ingest("arnevandebemdt/mail.log*")) {
            // First and last stamps per file (zcat -f F | head -1 / tail -1): .4.gz Aug 5 06:15:01 - Aug 11
            // 06:00:01, .3.gz Aug 11 06:15:01 - Aug 19, .2.gz Aug 19 06:15:01 - Aug 25, .1 Aug 25 06:15:01 - Sep 2,
            // mail.log Sep 2 06:15:01 - Sep 3 14:15:01: read oldest first, each file starts after the last ended.
            assertThat(rows(
                            db,
                            "SELECT regexp_extract(path, '[^/]+$'), strftime(first_at, '%m-%d %H:%M:%S')"
                                    + " FROM ingested_files ORDER BY file_id"))
                    .containsExactly(
                            "mail.log.4.gz 08-05 06:15:01",
                            "mail.log.3.gz 08-11 06:15:01",
                            "mail.log.2.gz 08-19 06:15:01",
                            "mail.log.1 08-25 06:15:01",
                            "mail.log 09-02 06:15:01");
            // Every message is complete (pickup ... removed), the first AE76780497, the last 2D6E780B20.
            assertThat(rows(
                            db,
                            "SELECT state, count(*), strftime(min(first_at), '%m-%d %H:%M:%S'),"
                                    + " strftime(max(last_at), '%m-%d %H:%M:%S') FROM messages GROUP BY state"))
                    .containsExactly("done 2818 08-05 06:15:01 09-03 14:15:01");

            Totals t = analyse(db).totals();
            // zcat -f arnevandebemdt/mail.log.4.gz ... mail.log | grep -c "postfix/pickup" = 2818, equal to the
            // qmgr "from=" lines, the local "status=sent" lines and the "removed" lines; no other status
            assertThat(t.messagesReceived()).isEqualTo(2818);
            assertThat(t.recipients()).isEqualTo(2818);
            assertThat(t.delivered()).isEqualTo(2818);
            assertThat(t.deferredAtLeastOnce()).isZero();
            assertThat(t.ndrsSent()).isZero();
        }
    }

    @Test
    void should_count_fonylew_gateway_bounces_and_ndrs() throws Exception {
        Analysis a = analyse("fonylew/maillog");

        // last status per recipient: 1789 sent, 191 bounced (grep "status=bounced" | grep -oE "dsn=[0-9.]+" gives
        // only dsn=5.4.4). NDR queue IDs:
        //   grep "sender non-delivery notification" fonylew/maillog \
        //     | sed -E 's/.*notification: ([0-9A-F]+).*/\1/' | sort -u  -> 190
        // Of those NDRs' recipients, 189 were sent (relay=local) and 1 bounced (an NDR gets no NDR, so 191 bounces
        // make 190 NDRs). Inbound mail goes through a content filter first:
        //   grep "status=sent" fonylew/maillog | grep -oE "relay=[^,]*" | sed -E 's/\[[0-9.]+\]//' | sort | uniq -c
        //   -> 932 relay=local, 857 relay=127.0.0.1:10024
        // 855 of the hand-offs say "queued as <copy>" (849 copy IDs, 6 reused over the two weeks); their copies
        // were delivered by local or bounced (all 190 user bounces are of copies); 2 were "2.7.0 Ok, discarded"
        // (Eicar), so the hand-off is their outcome. User mail delivered: 932 local - 189 NDRs + 2 discards = 745;
        // recipients 745 + 190 bounced.
        assertThat(a.totals().delivered()).isEqualTo(745);
        assertThat(a.totals().bounced()).isEqualTo(190);
        assertThat(a.totals().recipients()).isEqualTo(935);
        assertThat(a.totals().expired()).isZero();
        assertThat(a.totals().stillQueued()).isZero();
        // grep "status=deferred" fonylew/maillog | sed -E 's/.*: ([0-9A-F]+): to=<([^>]*)>.*relay=([^,]*),.*/\1 \3/'
        //   | sort | uniq -c -> 39 lines, 7 (queue ID, recipient) pairs: 5 are hand-offs to the filter
        //   (CDB32106DF7, CF150106DF8, D6D75106E29 to 127.0.0.1:10024, not user mail) and 2 are copies retried at
        //   gmail.com (7408D106C4B, E0F98106C46), which then bounced
        assertThat(a.totals().deferredAtLeastOnce()).isEqualTo(2);
        assertThat(a.totals().ndrsSent()).isEqualTo(190);
        assertThat(a.ndrs().ndrDelivered()).isEqualTo(189);
        assertThat(a.ndrs().ndrFailed()).isEqualTo(1);
        // grep -c "postfix/smtpd.*: reject:" fonylew/maillog = 648, all "RCPT ... 550 5.1.1 ... User unknown in local
        // recipient table" and all logged with the session's queue ID (grep -c "NOQUEUE" = 0)
        assertThat(a.totals().rejects()).isEqualTo(648);
        assertThat(a.failedRecipients())
                .filteredOn(r -> r.status().equals("bounced"))
                .hasSize(190)
                .allSatisfy(r -> assertThat(r.dsn()).isEqualTo("5.4.4"));
    }

    @Test
    void should_count_nole_local_cron_mail_and_its_one_reject() throws Exception {
        Totals t = analyse("nole/mail.log").totals();

        // grep -c "postfix/pickup" nole/mail.log = 182 = grep -c "postfix/qmgr.*from=<" = grep -c "status=sent"
        // (all relay=local); no other status, no NDR
        assertThat(t.messagesReceived()).isEqualTo(182);
        assertThat(t.delivered()).isEqualTo(182);
        assertThat(t.recipients()).isEqualTo(182);
        assertThat(t.ndrsSent()).isZero();
        // grep -c "NOQUEUE: reject" nole/mail.log = 1 (RCPT, 554 5.7.1 Relay access denied)
        assertThat(t.rejects()).isEqualTo(1);
    }

    @Test
    void should_count_securepostfix_bounce_ndr_and_amavis_hops() throws Exception {
        Analysis a = analyse("securepostfix/mail.log");

        // 9 queued messages (grep -c "postfix/qmgr.*from=<" = 9), read by hand:
        //   9FB7660673 bounced (dsn=5.7.23), its NDR 0781D60674 sent by local to the sender;
        //   9809760673, A3E0060673, 0B95660673 sent to the relay;
        //   413BE60672 and 5D20460671 handed to amavis (:10024) which answered "2.7.0 Ok, discarded" (EICAR):
        //     no copy came back, so the hand-off is the outcome, delivered as Postfix logged it;
        //   2C0AB60671 handed to amavis and re-injected as 3D03660673 (same Message-ID; the hand-off's reply is cut
        //     off at "queued as 3D0366"), which local delivered: one user message, one delivery.
        // User messages: 9 - the NDR - the copy = 7; recipients: 6 sent + 1 bounced.
        assertThat(a.totals().messagesReceived()).isEqualTo(7);
        assertThat(a.totals().delivered()).isEqualTo(6);
        assertThat(a.totals().bounced()).isEqualTo(1);
        assertThat(a.totals().recipients()).isEqualTo(7);
        // grep -c "sender non-delivery notification" securepostfix/mail.log = 1
        assertThat(a.totals().ndrsSent()).isEqualTo(1);
        assertThat(a.ndrs().ndrDelivered()).isEqualTo(1);
        assertThat(a.failedRecipients()).singleElement().satisfies(r -> {
            assertThat(r.recipient()).isEqualTo("reflector@cyberlab.fhnw.ch");
            assertThat(r.dsn()).isEqualTo("5.7.23");
        });
    }

    /**
     * infohtreasure/maillog only: mailog2 repeats parts of it (the same queue IDs and lines), so it is not a rotated
     * set to read together. The file repeats pasted blocks: e.g. the lines of AE11A4011B7B appear 12 times.
     */
    @Test
    void should_leave_infohtreasure_verification_probes_out_of_user_mail() throws Exception {
        try (Database db = ingest("infohtreasure/maillog")) {
            // grep "status=deliverable" infohtreasure/maillog | grep -oE "\]: [0-9A-F]+: to=<[^>]*>" | sort -u
            //   -> AE11A4011B7B to info.htreasure@gmail.com (sendmail -bv by root; its "sender delivery status
            //   notification" 9C37E404B379 went to root@server1.alsoft.org)
            assertThat(rows(db, "SELECT DISTINCT queue_id FROM messages WHERE probe"))
                    .containsExactly("AE11A4011B7B");

            Analysis a = analyse(db);
            // last status per recipient by (queue ID, recipient), with
            //   grep -oE "\]: [0-9A-F]+: to=<[^>]*>.*status=(sent|bounced|expired|deferred)" infohtreasure/maillog
            // : 9C37E404B379 sent (the notification above, not user mail), D4748404B37D to myemail@ymail.com
            // bounced (dsn=5.0.0), deferred ones (marco@..., and A94DF404B38D, which is D4748404B37D's NDR). The 13th
            // "status=sent" is a cut-off line fragment with no header. So no user delivery, one bounce, and no
            // recipient with another outcome: the 12 "deliverable" lines count nowhere.
            assertThat(a.totals().delivered()).isZero();
            assertThat(a.totals().bounced()).isEqualTo(1);
            assertThat(a.totals().otherOutcome()).isZero();
            // grep -c "to=<[^>]*@gmail.com" infohtreasure/maillog = 12, all the probe's
            assertThat(a.domains()).extracting(Analysis.DomainRate::domain).doesNotContain("gmail.com");
            assertThat(a.failedRecipients())
                    .filteredOn(r -> r.status().equals("bounced"))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.recipient()).isEqualTo("myemail@ymail.com");
                        assertThat(r.dsn()).isEqualTo("5.0.0");
                    });
            // grep -c "sender non-delivery notification" infohtreasure/maillog = 1 (D4748404B37D -> A94DF404B38D)
            assertThat(a.totals().ndrsSent()).isEqualTo(1);
            // grep -c "reject: RCPT" infohtreasure/maillog = 22, all "from localhost[127.0.0.1]: 550 5.1.1", all
            // distinct lines: 12 "NOQUEUE: reject" and 10 logged with the session's queue ID (A3EF4405DD14 and
            // DB951405DD14, 5 each: the recipient was refused all the same); grep -c reject_warning = 0
            assertThat(a.totals().rejects()).isEqualTo(22);
            assertThat(a.totals().rejectWarnings()).isZero();
        }
    }
}

package io.postfixinsights.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.parse.DeliveryStatus;
import io.postfixinsights.parse.PostfixEvent;
import io.postfixinsights.parse.PostfixEvent.Delivery;
import io.postfixinsights.parse.PostfixEvent.QmgrQueued;
import io.postfixinsights.parse.PostfixEvent.SmtpdClient;
import io.postfixinsights.parse.SyslogHeader;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The correlator's memory bounds: open messages whose end is never logged do not stay forever. */
class CorrelatorLimitsTest {

    static SyslogHeader at(String instant) {
        return new SyslogHeader(Instant.parse(instant), "mx1", "postfix", "qmgr", 1);
    }

    @Test
    void should_flush_a_message_silent_longer_than_the_limit_as_abandoned() {
        CorrelatorScenarioTest.Collected out = new CorrelatorScenarioTest.Collected();
        Correlator correlator = new Correlator(out, Duration.ofDays(10));
        correlator.accept(at("2026-11-01T00:00:00Z"), new QmgrQueued("AAAA1", "a@example.com", 10, 1), null);

        // Enough traffic to trigger a sweep, eleven days later, from other messages that complete normally.
        for (int i = 0; i < 70_000; i++) {
            String id = "B" + i;
            correlator.accept(at("2026-11-12T00:00:00Z"), new QmgrQueued(id, "b@example.com", 10, 1), null);
            correlator.accept(at("2026-11-12T00:00:00Z"), new PostfixEvent.QmgrRemoved(id), null);
        }

        assertThat(correlator.abandoned()).isEqualTo(1);
        assertThat(out.only("AAAA1").state()).isEqualTo(MessageState.ABANDONED);
        assertThat(correlator.openCount()).isZero();
    }

    @Test
    void should_keep_a_deferred_message_that_is_still_being_retried() {
        CorrelatorScenarioTest.Collected out = new CorrelatorScenarioTest.Collected();
        Correlator correlator = new Correlator(out, Duration.ofDays(10));
        Delivery retry = new Delivery(
                "CCCC1",
                "smtp",
                "c@example.org",
                null,
                "none",
                null,
                -1,
                1,
                null,
                "4.4.1",
                DeliveryStatus.DEFERRED,
                "connect to mx.example.org[192.0.2.1]:25: Connection timed out",
                null);
        correlator.accept(at("2026-11-01T00:00:00Z"), new QmgrQueued("CCCC1", "a@example.com", 10, 1), null);
        correlator.accept(at("2026-11-09T00:00:00Z"), retry, null);
        for (int i = 0; i < 70_000; i++) {
            String id = "D" + i;
            correlator.accept(at("2026-11-12T00:00:00Z"), new QmgrQueued(id, "b@example.com", 10, 1), null);
            correlator.accept(at("2026-11-12T00:00:00Z"), new PostfixEvent.QmgrRemoved(id), null);
        }

        // Last seen three days ago: still within the limit.
        assertThat(correlator.abandoned()).isZero();
        assertThat(correlator.finish()).isEqualTo(1);
        assertThat(out.only("CCCC1").state()).isEqualTo(MessageState.OPEN);
    }

    @Test
    void should_abandon_the_earlier_message_when_a_queue_id_starts_again_without_removed() {
        CorrelatorScenarioTest.Collected out = new CorrelatorScenarioTest.Collected();
        Correlator correlator = new Correlator(out);
        SmtpdClient first = new SmtpdClient("EEEE1", "a.example.net", "192.0.2.1", null, null);
        SmtpdClient second = new SmtpdClient("EEEE1", "b.example.net", "192.0.2.2", null, null);
        correlator.accept(at("2026-11-01T00:00:00Z"), first, null);
        correlator.accept(at("2026-11-01T06:00:00Z"), second, null);
        correlator.finish();

        assertThat(out.messages)
                .extracting(MessageRecord::clientIp, MessageRecord::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("192.0.2.1", MessageState.ABANDONED),
                        org.assertj.core.groups.Tuple.tuple("192.0.2.2", MessageState.OPEN));
        assertThat(correlator.abandoned()).isEqualTo(1);
    }
}

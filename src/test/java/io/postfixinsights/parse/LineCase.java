package io.postfixinsights.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Fluent parser test helper in the spirit of nielsbasjes/logparser:
 * {@code given(line).expectEvent(Delivery.class).expect("to", "a@b").expect("status", SENT)}. Fields are the record
 * component names of the event (or of the header with {@code expectHeader}).
 */
final class LineCase {

    /** The default file hint: classic stamps in the tests fall into 2023 unless a test says otherwise. */
    static final Instant DEFAULT_FILE_MODIFIED = Instant.parse("2023-12-31T12:00:00Z");

    private final String line;
    private final ParseResult result;

    private LineCase(String line, ParseResult result) {
        this.line = line;
        this.result = result;
    }

    static LineCase given(String line) {
        return given(line, ZoneOffset.UTC, DEFAULT_FILE_MODIFIED);
    }

    static LineCase given(String line, ZoneId zone, Instant fileModified) {
        LineParser parser = new LineParser(zone);
        parser.startFile(fileModified);
        return new LineCase(line, parser.parse(line));
    }

    ParseResult result() {
        return result;
    }

    PostfixEvent event() {
        assertThat(result).as("result of %s", line).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).event();
    }

    SyslogHeader header() {
        if (result instanceof ParseResult.Parsed p) {
            return p.header();
        }
        if (result instanceof ParseResult.OtherProgram o) {
            return o.header();
        }
        SyslogHeader header = ((ParseResult.Unrecognised) result).header();
        assertThat(header).as("header of %s", line).isNotNull();
        return header;
    }

    LineCase expectEvent(Class<? extends PostfixEvent> type) {
        assertThat(event()).as("event of %s", line).isInstanceOf(type);
        return this;
    }

    LineCase expectNoise(String kind) {
        assertThat(event()).as("event of %s", line).isEqualTo(new PostfixEvent.Noise(kind));
        return this;
    }

    LineCase expectOtherProgram() {
        assertThat(result).as("result of %s", line).isInstanceOf(ParseResult.OtherProgram.class);
        return this;
    }

    LineCase expectUnrecognised(String reason) {
        assertThat(result).as("result of %s", line).isInstanceOf(ParseResult.Unrecognised.class);
        assertThat(((ParseResult.Unrecognised) result).reason()).isEqualTo(reason);
        return this;
    }

    /** A field of the event by record component name. Arrays compare by content. */
    LineCase expect(String field, Object expected) {
        Object actual = component(event(), field);
        if (actual instanceof double[] array) {
            assertThat(array).as("%s of %s", field, line).containsExactly((double[]) expected);
        } else {
            assertThat(actual).as("%s of %s", field, line).isEqualTo(expected);
        }
        return this;
    }

    LineCase expectHeader(String field, Object expected) {
        assertThat(component(header(), field))
                .as("header %s of %s", field, line)
                .isEqualTo(expected);
        return this;
    }

    LineCase expectTimestamp(String isoInstant) {
        return expectHeader("timestamp", Instant.parse(isoInstant));
    }

    static boolean hasComponent(Object record, String field) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(field)) {
                return true;
            }
        }
        return false;
    }

    static Object component(Object record, String field) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(field)) {
                try {
                    return c.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return fail("%s has no field %s", record.getClass().getSimpleName(), field);
    }
}

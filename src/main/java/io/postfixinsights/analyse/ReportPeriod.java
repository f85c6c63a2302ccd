package io.postfixinsights.analyse;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The half-open period [from, to) a report covers, and the zone whose days and ISO weeks the report cuts by.
 */
public record ReportPeriod(Instant from, Instant to, ZoneId zone) {
    public ReportPeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("period must end after it starts: " + from + " .. " + to);
        }
    }
}

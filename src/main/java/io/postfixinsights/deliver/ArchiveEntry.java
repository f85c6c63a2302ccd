package io.postfixinsights.deliver;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One published report as the archive index lists it.
 *
 * @param date the end of the report period; also the name of the report's folder
 * @param period the report period as the caller words it, e.g. "2025-11-21 00:00 – 2025-11-22 00:00"
 * @param headline one line chosen by the caller, e.g. delivered rate and verdict (plain text, escaped on output)
 */
public record ArchiveEntry(LocalDate date, String period, String headline) {

    public ArchiveEntry {
        Objects.requireNonNull(date, "date");
        period = period == null ? "" : period;
        headline = headline == null ? "" : headline;
    }

    /** The folder name under the output root, {@code YYYY-MM-DD}. */
    public String folder() {
        return date.toString();
    }
}

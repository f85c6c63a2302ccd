package io.postfixinsights.ingest;

import io.postfixinsights.store.LineKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts every line a run saw by category and kind, keeping the first line of each kind as a sample, so the
 * data-quality section can say what was used, what was recognised but carries nothing, and what we could not read.
 */
public final class LineTally {

    /** The categories of the {@code line_kinds} table. */
    public enum Category {
        USED,
        NOISE,
        OTHER,
        UNRECOGNISED,
        ERROR
    }

    private static final class Counter {
        long lines;
        final String sample;
        final String sampleFile;
        final long sampleLine;

        Counter(String sample, String sampleFile, long sampleLine) {
            this.sample = sample;
            this.sampleFile = sampleFile;
            this.sampleLine = sampleLine;
        }
    }

    private final Map<Category, Map<String, Counter>> counters = new EnumMap<>(Category.class);
    private final long[] totals = new long[Category.values().length];

    public LineTally() {
        for (Category c : Category.values()) {
            counters.put(c, new HashMap<>());
        }
    }

    /** Counts {@code lines} lines of one kind; the sample is kept only for the first of its kind. */
    public void count(Category category, String kind, long lines, String sample, String file, long lineNumber) {
        totals[category.ordinal()] += lines;
        counters.get(category).computeIfAbsent(kind, k -> new Counter(sample, file, lineNumber)).lines += lines;
    }

    public long total(Category category) {
        return totals[category.ordinal()];
    }

    /** The {@code line_kinds} rows: by category, then most frequent first. */
    public List<LineKind> kinds() {
        List<LineKind> kinds = new ArrayList<>();
        for (Category category : Category.values()) {
            String name = category.name().toLowerCase(Locale.ROOT);
            counters.get(category)
                    .forEach((kind, c) ->
                            kinds.add(new LineKind(name, kind, c.lines, c.sample, c.sampleFile, c.sampleLine)));
        }
        kinds.sort(Comparator.comparing(LineKind::category).thenComparing(LineKind::lines, Comparator.reverseOrder()));
        return kinds;
    }
}

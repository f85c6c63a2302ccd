package io.postfixinsights.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one benchmark run measured, on one machine, from one generated set.
 *
 * @param machine cores, memory, CPU model, Java version and maximum heap of the measuring JVM
 * @param lines lines in the set
 * @param files files in the set
 * @param compressedBytes the set's size on disk
 * @param phases each measured phase in the order run
 * @param dbBytes size of the DuckDB file after the ingest phase
 * @param goals each goal with the figure that decides it
 */
public record BenchResult(
        Machine machine,
        long lines,
        int files,
        long compressedBytes,
        List<Phase> phases,
        long dbBytes,
        List<Goal> goals) {

    public BenchResult {
        phases = List.copyOf(phases);
        goals = List.copyOf(goals);
    }

    /** Where the figures come from. */
    public record Machine(int cores, long memoryBytes, String cpu, String java, long maxHeapBytes) {}

    /**
     * One measured phase.
     *
     * @param lines lines the phase went through, or 0 where lines/s means nothing (analyse, render, a lookup)
     * @param cpuSeconds CPU time of the whole process during the phase (all threads, JIT and GC), -1 where not
     *     measured: on a busy machine it shows the work apart from the waiting
     * @param peakHeapBytes -1 where not measured (another process)
     * @param peakRssBytes -1 where not measured
     * @param note what exactly was measured
     */
    public record Phase(
            String name,
            long lines,
            double seconds,
            double cpuSeconds,
            long peakHeapBytes,
            long peakRssBytes,
            long gcCount,
            long gcMillis,
            String note) {

        @JsonProperty
        public double linesPerSecond() {
            return lines == 0 || seconds <= 0 ? 0 : lines / seconds;
        }
    }

    /** A goal of the performance issue: met or not, with the figure. */
    public record Goal(String goal, String figure, Boolean met) {}

    @JsonProperty
    public double dbBytesPerMillionLines() {
        return lines == 0 ? 0 : dbBytes / (lines / 1e6);
    }

    public Phase phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /** The human-readable table. */
    public void print(PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "machine: %d cores, %s memory, %s, Java %s, max heap %s%n",
                machine.cores(),
                bytes(machine.memoryBytes()),
                machine.cpu(),
                machine.java(),
                bytes(machine.maxHeapBytes()));
        out.printf(Locale.ROOT, "set: %,d lines in %d files, %s on disk%n%n", lines, files, bytes(compressedBytes));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"phase", "seconds", "CPU s", "lines/s", "peak heap", "peak RSS", "GCs (ms)", "what"});
        for (Phase p : phases) {
            rows.add(new String[] {
                p.name(),
                String.format(Locale.ROOT, "%.3f", p.seconds()),
                p.cpuSeconds() < 0 ? "" : String.format(Locale.ROOT, "%.2f", p.cpuSeconds()),
                p.lines() == 0 ? "" : String.format(Locale.ROOT, "%,.0f", p.linesPerSecond()),
                bytes(p.peakHeapBytes()),
                bytes(p.peakRssBytes()),
                p.peakHeapBytes() < 0 ? "" : p.gcCount() + " (" + p.gcMillis() + ")",
                p.note()
            });
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean left = i == 0 || i == row.length - 1;
                String cell = left
                        ? String.format("%-" + width[i] + "s", row[i])
                        : String.format("%" + width[i] + "s", row[i]);
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            out.println(line.toString().stripTrailing());
        }
        out.printf(Locale.ROOT, "%nDuckDB file: %s, %s per million lines%n%n", bytes(dbBytes), bytes((long)
                dbBytesPerMillionLines()));
        for (Goal g : goals) {
            String verdict = g.met() == null ? "not measured" : g.met() ? "met" : "NOT met";
            out.printf(Locale.ROOT, "%-13s %-48s %s%n", verdict, g.goal(), g.figure());
        }
        out.flush();
    }

    static String bytes(long b) {
        if (b < 0) {
            return "";
        }
        if (b < 1 << 20) {
            return String.format(Locale.ROOT, "%.0f KiB", b / 1024.0);
        }
        if (b < 1L << 30) {
            return String.format(Locale.ROOT, "%.0f MiB", b / (double) (1 << 20));
        }
        return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
    }
}

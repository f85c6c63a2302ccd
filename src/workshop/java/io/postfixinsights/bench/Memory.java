package io.postfixinsights.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak memory and GC work of this process, reset between benchmark phases. */
final class Memory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    /** What one phase cost in memory and collection. */
    record Use(double cpuSeconds, long peakHeapBytes, long peakRssBytes, long gcCount, long gcMillis) {}

    private long cpuAtStart;
    private long gcCountAtStart;
    private long gcMillisAtStart;

    /** Starts a phase: forgets the peaks so far (heap pools; RSS where Linux allows resetting VmHWM). */
    void start() {
        System.gc(); // the previous phase's garbage must not count against this one
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        try {
            Files.writeString(CLEAR_REFS, "5"); // "5" resets the peak resident set size (Linux >= 4.0)
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux or not allowed: the RSS peak then covers the whole process so far
        }
        cpuAtStart = cpuNanos();
        gcCountAtStart = gcCount();
        gcMillisAtStart = gcMillis();
    }

    /**
     * Ends a phase. The heap peak is the sum of each heap pool's peak (young and old peak at different moments, so
     * this is an upper bound of the heap in use); the RSS peak is {@code VmHWM}, or -1 where there is none.
     */
    Use end() {
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heap += pool.getPeakUsage().getUsed();
            }
        }
        long cpu = cpuNanos();
        return new Use(
                cpu < 0 ? -1 : (cpu - cpuAtStart) / 1e9,
                heap,
                peakRss(STATUS),
                gcCount() - gcCountAtStart,
                gcMillis() - gcMillisAtStart);
    }

    /** {@code VmHWM} of a {@code /proc/<pid>/status} file in bytes, or -1 (not Linux, or the process is gone). */
    static long peakRss(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process ended
        }
        return -1;
    }

    /** CPU time of the whole process (every thread, JIT and GC too), or -1 where the JVM does not tell. */
    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }
}

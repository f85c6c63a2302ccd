package io.postfixinsights.report;

import io.postfixinsights.analyse.Analysis.DsnCount;
import io.postfixinsights.analyse.Analysis.ProviderRate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Geometry of the inline SVG charts (drawn by {@code templates/charts.ftlh}): every coordinate is computed here, so
 * the templates only place what they are given. A part's {@code status} names its CSS class (s-delivered,
 * s-deferred, s-bounced, s-expired, s-queued, s-other): colour means status and nothing else.
 */
public final class Charts {
    /** Left margin for the y labels and bottom margin for the x labels of the column and line charts. */
    private static final double LEFT = 48;

    private static final double BOTTOM = 18;
    private static final double TOP = 6;

    /** A rectangle of a bar; {@code title} is its tooltip and its text for screen readers. */
    public record Rect(double x, double y, double width, double height, String status, String title) {}

    public record Tick(double x, double y, String label) {}

    /** A horizontal stacked bar. */
    public record Bar(double width, double height, List<Rect> parts, String label) {}

    /** Stacked columns, one per bucket, with axis ticks. */
    public record Columns(
            double width,
            double height,
            List<Rect> parts,
            List<Tick> xTicks,
            List<Tick> yTicks,
            double plotLeft,
            double plotBottom,
            String label) {}

    public record Point(double x, double y, String title) {}

    /** One line of a line chart; {@code points} as the SVG polyline attribute. */
    public record Series(String status, String name, String points, List<Point> dots) {}

    public record Lines(
            double width,
            double height,
            List<Series> series,
            List<Tick> xTicks,
            List<Tick> yTicks,
            double plotLeft,
            double plotBottom,
            String label) {}

    /** A small line without axes; {@code last} is the latest value as text. */
    public record Sparkline(double width, double height, String points, List<Point> dots, String last, String label) {}

    /** Outcome counts of one bucket (a day or an ISO week), summed over providers. */
    record Bucket(
            String key, long recipients, long delivered, long deferredOnce, long bounced, long expired, long queued) {
        long other() {
            return Math.max(0, recipients - delivered - bounced - expired - queued);
        }
    }

    /** A horizontal bar of recipient outcomes: delivered, queued, bounced, expired of {@code total}. */
    public Bar outcome(
            long delivered, long queued, long bounced, long expired, long total, double width, double height) {
        List<Rect> parts = new ArrayList<>();
        double x = 0;
        for (Object[] p :
                new Object[][] {{"delivered", delivered}, {"queued", queued}, {"bounced", bounced}, {"expired", expired}
                }) {
            long n = (Long) p[1];
            double w = total == 0 ? 0 : round(width * n / total);
            if (w > 0) {
                parts.add(new Rect(x, 0, w, height, (String) p[0], n + " " + p[0]));
                x = round(x + w);
            }
        }
        return new Bar(
                width,
                height,
                parts,
                String.format(
                        Locale.ROOT,
                        "%d recipients: %d delivered, %d queued, %d bounced, %d expired",
                        total,
                        delivered,
                        queued,
                        bounced,
                        expired));
    }

    /** Per domain in the order given: its failed attempts split by status and DSN, widths relative to the domain. */
    public Map<String, Bar> dsnMix(List<DsnCount> codes, double width, double height) {
        Map<String, List<DsnCount>> byDomain = codes.stream()
                .collect(Collectors.groupingBy(DsnCount::domain, LinkedHashMap::new, Collectors.toList()));
        Map<String, Bar> bars = new LinkedHashMap<>();
        byDomain.forEach((domain, list) -> {
            long total = list.stream().mapToLong(DsnCount::attempts).sum();
            List<Rect> parts = new ArrayList<>();
            double x = 0;
            for (DsnCount c : list) {
                double w = total == 0 ? 0 : round(width * c.attempts() / total);
                String code = c.dsn() == null || c.dsn().isEmpty() ? "no code" : c.dsn();
                parts.add(new Rect(
                        x, 0, w, height, failureStatus(c.status()), c.attempts() + " " + c.status() + " " + code));
                x = round(x + w);
            }
            bars.put(
                    domain,
                    new Bar(
                            width,
                            height,
                            parts,
                            total + " failed attempts: "
                                    + parts.stream().map(Rect::title).collect(Collectors.joining(", "))));
        });
        return bars;
    }

    /** Recipients per bucket stacked by outcome. */
    public Columns volume(List<ProviderRate> rates, double width, double height) {
        List<Bucket> buckets = buckets(rates);
        long max = buckets.stream().mapToLong(Bucket::recipients).max().orElse(0);
        double top = niceMax(max);
        double plotW = width - LEFT;
        double plotH = height - BOTTOM - TOP;
        double slot = buckets.isEmpty() ? plotW : plotW / buckets.size();
        double colW = round(Math.min(40, slot * 0.7));
        List<Rect> parts = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            double x = round(LEFT + slot * i + (slot - colW) / 2);
            double y = TOP + plotH;
            for (Object[] p : new Object[][] {
                {"delivered", b.delivered()},
                {"queued", b.queued()},
                {"bounced", b.bounced()},
                {"expired", b.expired()},
                {"other", b.other()}
            }) {
                long n = (Long) p[1];
                double h = round(plotH * n / top);
                if (h > 0) {
                    y = round(y - h);
                    parts.add(new Rect(x, y, colW, h, (String) p[0], b.key() + ": " + n + " " + p[0]));
                }
            }
        }
        return new Columns(
                width,
                height,
                parts,
                xTicks(buckets, slot),
                yTicks(top, plotH, "%,.0f"),
                LEFT,
                TOP + plotH,
                "Recipients per " + unit(buckets) + " by outcome, " + buckets.size() + " " + unit(buckets)
                        + "s, at most " + max);
    }

    /** Deferred-at-least-once % and failed (bounced + expired) % per bucket. */
    public Lines rates(List<ProviderRate> rates, double width, double height) {
        List<Bucket> buckets = buckets(rates);
        double[] deferred = buckets.stream()
                .mapToDouble(b -> pct(b.deferredOnce(), b.recipients()))
                .toArray();
        double[] failed = buckets.stream()
                .mapToDouble(b -> pct(b.bounced() + b.expired(), b.recipients()))
                .toArray();
        double top = niceMax(Math.max(5, Math.max(max(deferred), max(failed))));
        double plotW = width - LEFT;
        double plotH = height - BOTTOM - TOP;
        double slot = buckets.isEmpty() ? plotW : plotW / buckets.size();
        List<Series> series = List.of(
                series("deferred", "deferred at least once", buckets, deferred, slot, plotH, top),
                series("bounced", "bounced or expired", buckets, failed, slot, plotH, top));
        return new Lines(
                width,
                height,
                series,
                xTicks(buckets, slot),
                yTicks(top, plotH, "%.0f %%"),
                LEFT,
                TOP + plotH,
                "Deferred and failed recipients in % per " + unit(buckets));
    }

    /**
     * Per provider: failed % (bounced + expired) per ISO week, on one scale from 0 to at least 5 %, so that the
     * usual fraction of a percent stays flat and a real rise stands out.
     */
    public Map<String, Sparkline> sparklines(List<ProviderRate> weekly, double width, double height) {
        List<String> weeks =
                weekly.stream().map(ProviderRate::bucket).distinct().sorted().toList();
        Map<String, Map<String, ProviderRate>> byProvider = new TreeMap<>();
        for (ProviderRate r : weekly) {
            byProvider.computeIfAbsent(r.provider(), k -> new TreeMap<>()).put(r.bucket(), r);
        }
        Map<String, Sparkline> lines = new LinkedHashMap<>();
        double step = weeks.size() <= 1 ? 0 : (width - 4) / (weeks.size() - 1);
        for (Map.Entry<String, Map<String, ProviderRate>> e : byProvider.entrySet()) {
            Map<String, ProviderRate> rows = e.getValue();
            double top = Math.max(
                    5,
                    rows.values().stream()
                            .mapToDouble(r -> pct(r.bounced() + r.expired(), r.recipients()))
                            .max()
                            .orElse(0));
            List<Point> dots = new ArrayList<>();
            String last = "";
            for (int i = 0; i < weeks.size(); i++) {
                ProviderRate r = rows.get(weeks.get(i));
                if (r != null && r.recipients() > 0) {
                    double v = pct(r.bounced() + r.expired(), r.recipients());
                    last = String.format(Locale.ROOT, "%.1f %%", v);
                    dots.add(new Point(
                            round(2 + step * i),
                            round(2 + (height - 4) * (1 - v / top)),
                            weeks.get(i) + ": " + last + " failed of " + r.recipients()));
                }
            }
            lines.put(
                    e.getKey(),
                    new Sparkline(
                            width,
                            height,
                            polyline(dots),
                            dots,
                            last,
                            "failed % per ISO week: "
                                    + dots.stream().map(Point::title).collect(Collectors.joining("; "))));
        }
        return lines;
    }

    private static Series series(
            String status, String name, List<Bucket> buckets, double[] values, double slot, double plotH, double top) {
        List<Point> dots = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            if (buckets.get(i).recipients() > 0) {
                dots.add(new Point(
                        round(LEFT + slot * i + slot / 2),
                        round(TOP + plotH * (1 - values[i] / top)),
                        String.format(
                                Locale.ROOT, "%s: %.1f %% %s", buckets.get(i).key(), values[i], name)));
            }
        }
        return new Series(status, name, polyline(dots), dots);
    }

    /** Sums providers into one bucket each, in bucket order (ISO dates and weeks sort as text). */
    static List<Bucket> buckets(List<ProviderRate> rates) {
        Map<String, long[]> sums = new TreeMap<>();
        for (ProviderRate r : rates) {
            long[] s = sums.computeIfAbsent(r.bucket(), k -> new long[6]);
            s[0] += r.recipients();
            s[1] += r.delivered();
            s[2] += r.deferredAtLeastOnce();
            s[3] += r.bounced();
            s[4] += r.expired();
            s[5] += r.stillQueued();
        }
        List<Bucket> out = new ArrayList<>();
        sums.forEach((k, s) -> out.add(new Bucket(k, s[0], s[1], s[2], s[3], s[4], s[5])));
        return out;
    }

    /** At most about 12 labels: every n-th bucket, day labels without the year, week labels without the year. */
    private static List<Tick> xTicks(List<Bucket> buckets, double slot) {
        int every = Math.max(1, (int) Math.ceil(buckets.size() / 12.0));
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i += every) {
            String key = buckets.get(i).key();
            String label = key.matches("\\d{4}-\\d{2}-\\d{2}") ? key.substring(5) : key.replaceFirst("^\\d{4}-", "");
            ticks.add(new Tick(round(LEFT + slot * i + slot / 2), 0, label));
        }
        return ticks;
    }

    private static List<Tick> yTicks(double top, double plotH, String format) {
        List<Tick> ticks = new ArrayList<>();
        for (double f : new double[] {0, 0.5, 1}) {
            ticks.add(new Tick(0, round(TOP + plotH * (1 - f)), String.format(Locale.ROOT, format, top * f)));
        }
        return ticks;
    }

    private static String unit(List<Bucket> buckets) {
        return !buckets.isEmpty() && buckets.get(0).key().contains("-W") ? "week" : "day";
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above v (at least 1), so axis labels are round. */
    static double niceMax(double v) {
        if (v <= 1) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String failureStatus(String attemptStatus) {
        return switch (attemptStatus == null ? "" : attemptStatus) {
            case "bounced" -> "bounced";
            case "expired" -> "expired";
            default -> "deferred";
        };
    }

    private static String polyline(List<Point> dots) {
        return dots.stream().map(p -> fmt(p.x()) + "," + fmt(p.y())).collect(Collectors.joining(" "));
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}

package io.postfixinsights.report;

import io.postfixinsights.analyse.Analysis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * What the report mail and the archive index say about one analysis: the period, a one-line headline, the subject,
 * a short HTML summary ({@code templates/mail-headline.ftlh}) and the mail body around it
 * ({@code templates/report-mail.ftlh}); both escape everything taken from log lines.
 */
public final class ReportMailContent {
    private final Analysis analysis;
    private final ReportRenderer.Fmt fmt;

    public ReportMailContent(Analysis a) {
        this.analysis = a;
        this.fmt = new ReportRenderer.Fmt(a.period().zone());
    }

    /** Data model of {@code templates/mail-headline.ftlh}. */
    public record HeadlineView(Analysis analysis, ReportRenderer.Fmt fmt, String headline) {}

    /** The period in the report zone, e.g. "2024-03-04 00:00 – 2024-03-05 00:00 (Europe/Berlin)". */
    public String period() {
        return fmt.period(analysis.period());
    }

    /** E.g. "98.7% delivered, 0.4% bounced, 2 clusters ⚠". */
    public String headlineText() {
        return pct(analysis.totals().deliveredPct()) + " delivered, "
                + pct(analysis.totals().bouncedPct()) + " bounced, " + clusters() + " " + mark();
    }

    /** E.g. "98.7% delivered, 2 clusters ⚠". */
    public String subject() {
        return pct(analysis.totals().deliveredPct()) + " delivered, " + clusters() + " " + mark();
    }

    /** Verdict, key numbers and the clusters with their advice, as short HTML with inline styles only. */
    public String headlineHtml() {
        try {
            return Templates.render("mail-headline.ftlh", new HeadlineView(analysis, fmt, headlineText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plain-text alternative of the mail's headline: the headline, then the period. */
    public String mailText() {
        return headlineText() + "\n" + period();
    }

    /** Data model of {@code templates/report-mail.ftlh}; {@code reportUrl} is null when the report is attached. */
    public record MailBodyView(String headlineHtml, String reportUrl, String attachmentName) {}

    /**
     * The whole mail body: the headline, then where the full report is.
     *
     * @param reportUrl the published report's address, or null when it is attached as {@code attachmentName}
     */
    public String bodyHtml(String reportUrl, String attachmentName) throws IOException {
        return Templates.render("report-mail.ftlh", new MailBodyView(headlineHtml(), reportUrl, attachmentName));
    }

    private String clusters() {
        int n = analysis.clusters().size();
        return n == 0 ? "no cluster" : n == 1 ? "1 cluster" : n + " clusters";
    }

    private String mark() {
        return analysis.verdict().ok() ? "✓" : "⚠";
    }

    private static String pct(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", v);
    }
}

package io.postfixinsights.job;

import io.postfixinsights.deliver.ArchiveEntry;
import io.postfixinsights.deliver.ReportPublisher;
import io.postfixinsights.report.ArchiveIndex;
import java.io.IOException;
import java.util.List;

/** The report's archive index template for the publisher: report and deliver do not know each other, the job does. */
public final class ArchiveIndexPage implements ReportPublisher.IndexPage {

    @Override
    public String html(List<ArchiveEntry> reports, String latestHref) throws IOException {
        return ArchiveIndex.html(
                reports.stream()
                        .map(e -> new ArchiveIndex.Report(e.folder(), e.period(), e.headline()))
                        .toList(),
                latestHref);
    }
}

package io.postfixinsights.job;

import io.postfixinsights.analyse.Analyser;
import io.postfixinsights.analyse.Analysis;
import io.postfixinsights.analyse.MessageTrace;
import io.postfixinsights.analyse.ReportPeriod;
import io.postfixinsights.analyse.reference.ReferenceData;
import io.postfixinsights.config.InsightsProperties;
import io.postfixinsights.deliver.ArchiveEntry;
import io.postfixinsights.deliver.MailDelivery;
import io.postfixinsights.deliver.MailSettings;
import io.postfixinsights.deliver.Publication;
import io.postfixinsights.deliver.ReportMail;
import io.postfixinsights.deliver.ReportPublisher;
import io.postfixinsights.ingest.Ingestion;
import io.postfixinsights.report.ReportMailContent;
import io.postfixinsights.report.ReportRenderer;
import io.postfixinsights.store.Checkpoints;
import io.postfixinsights.store.Database;
import io.postfixinsights.store.Ledger;
import io.postfixinsights.store.Retention;
import io.postfixinsights.trace.Tracer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * The state of one nightly run, shared by the job's steps: the settings, the open database, and what each stage
 * produced for the next. One run per process.
 */
@Component
public class NightlyRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NightlyRun.class);
    private static final String RENDER_PREFIX = ".render-";

    private final Clock clock;
    private final MailSettings mailSettings;
    private InsightsProperties settings;
    private boolean mail;
    private Database db;
    private Ingestion.Result ingested;
    private Analysis analysis;
    private List<MessageTrace> failedMessages;
    private Path rendered;
    private Publication publication;

    public NightlyRun(Clock clock, MailSettings mailSettings) {
        this.clock = clock;
        this.mailSettings = mailSettings;
    }

    /** Opens the database (failing at once if another run holds it) for a run with these settings. */
    void prepare(InsightsProperties runSettings, boolean mailIfConfigured) throws SQLException {
        this.settings = runSettings;
        this.mail = mailIfConfigured;
        this.db = Database.open(runSettings.database());
    }

    void ingest() throws SQLException {
        ingested = new Ingestion(settings.zone(), clock).run(db, settings.logs());
        Instant cut = new Retention(db).prune(settings.retention());
        log.info(
                "ingested {} lines from {} files: {} messages, {} rejects, {} still queued; detail before {} pruned",
                ingested.linesRead(),
                ingested.filesRead(),
                ingested.messagesWritten(),
                ingested.rejectsWritten(),
                ingested.messagesOpen(),
                cut);
    }

    void analyse() throws Exception {
        ReferenceData.load(db.connection(), Optional.ofNullable(settings.referenceDir()));
        analysis = new Analyser().analyse(db.connection(), period());
        // The report renders from data only: the failed messages' pages are read here, with the analysis.
        failedMessages = new Tracer(db.connection()).messages(analysis.failedMessageIds());
    }

    void render() throws Exception {
        Path root = settings.output().toAbsolutePath();
        Files.createDirectories(root);
        removeStaleStaging(root);
        rendered = Files.createTempDirectory(root, RENDER_PREFIX);
        new ReportRenderer(settings.redactRecipients()).render(analysis, failedMessages, rendered);
        Checkpoints.reached("render");
    }

    /**
     * A run killed while rendering leaves its staging folder behind (nothing else removes it). One output root
     * serves one history, whose lock this run holds, so no other run is rendering there now.
     */
    private static void removeStaleStaging(Path root) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(root, RENDER_PREFIX + "*")) {
            for (Path folder : stale) {
                FileSystemUtils.deleteRecursively(folder);
            }
        }
    }

    void deliver() throws Exception {
        try {
            ReportMailContent content = new ReportMailContent(analysis);
            LocalDate day = LocalDate.ofInstant(analysis.period().to().minusSeconds(1), settings.zone());
            publication = new ReportPublisher(settings.output(), settings.keepReports(), new ArchiveIndexPage())
                    .publish(rendered, new ArchiveEntry(day, content.period(), content.headlineText()));
            log.info("report written to {}", publication.reportPage());
            if (mail) {
                new MailDelivery(mailSettings)
                        .send(new ReportMail(
                                day,
                                content.subject(),
                                content::bodyHtml,
                                content.mailText(),
                                publication.reportPage()));
            }
        } finally {
            FileSystemUtils.deleteRecursively(rendered);
        }
    }

    /**
     * The report period: {@code days} whole days in the report zone, ending with the configured last day or else
     * the day of the newest log line in the history; {@code days = 0} covers the whole history.
     */
    ReportPeriod period() throws SQLException {
        ZoneId zone = settings.zone();
        Ledger.LogSpan span = new Ledger(db).logSpan();
        LocalDate last = settings.periodEnd();
        if (last == null) {
            last = span.newest() == null
                    ? LocalDate.now(clock.withZone(zone))
                    : LocalDate.ofInstant(span.newest(), zone);
        }
        LocalDate first = settings.days() <= 0 && span.first() != null
                ? LocalDate.ofInstant(span.first(), zone)
                : last.plusDays(1 - Math.max(1, settings.days()));
        return new ReportPeriod(
                first.atStartOfDay(zone).toInstant(),
                last.plusDays(1).atStartOfDay(zone).toInstant(),
                zone);
    }

    Ingestion.Result ingested() {
        return ingested;
    }

    Publication publication() {
        return publication;
    }

    @Override
    public void close() throws SQLException {
        if (db != null) {
            db.close();
            db = null;
        }
    }
}

package io.postfixinsights.job;

import io.postfixinsights.config.InsightsProperties;
import io.postfixinsights.deliver.Publication;
import io.postfixinsights.ingest.Ingestion;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Component;

/** Runs {@code nightlyReportJob} once with the given settings: the command line's one door into Spring Batch. */
@Component
public class NightlyReport {

    private final JobOperator jobOperator;
    private final Job nightlyReportJob;
    private final NightlyRun run;

    public NightlyReport(JobOperator jobOperator, Job nightlyReportJob, NightlyRun run) {
        this.jobOperator = jobOperator;
        this.nightlyReportJob = nightlyReportJob;
        this.run = run;
    }

    /**
     * How a run ended.
     *
     * @param failure the first failure of a step, or null when every step completed
     * @param publication where the report was published (null on failure before delivery)
     * @param ingested what the ingest step read (null when it did not finish)
     */
    public record Outcome(Throwable failure, Publication publication, Ingestion.Result ingested) {
        public boolean completed() {
            return failure == null;
        }
    }

    /**
     * Runs the job. A database held by another run fails at once with
     * {@link io.postfixinsights.store.DatabaseLockedException}, before any step.
     */
    public Outcome run(InsightsProperties settings, boolean mail) throws Exception {
        run.prepare(settings, mail);
        try {
            JobExecution execution = jobOperator.start(
                    nightlyReportJob,
                    new JobParametersBuilder()
                            .addLong("startedAt", System.currentTimeMillis())
                            .toJobParameters());
            Throwable failure = execution.getStatus() == BatchStatus.COMPLETED
                    ? null
                    : execution.getAllFailureExceptions().stream()
                            .findFirst()
                            .orElse(new IllegalStateException("job ended " + execution.getStatus()));
            return new Outcome(failure, run.publication(), run.ingested());
        } finally {
            run.close();
        }
    }
}

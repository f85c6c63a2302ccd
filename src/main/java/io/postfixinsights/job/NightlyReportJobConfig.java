package io.postfixinsights.job;

import org.springframework.batch.core.Job;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.batch.core.launch.support.TaskExecutorJobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.repeat.RepeatStatus;
import org.springframework.batch.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly job, read like a table of contents: ingest the logs, analyse, render the report, deliver it. Each step
 * is a tasklet around one plain-Java stage held by {@link NightlyRun}.
 *
 * <p>Job metadata is not persisted (resourceless repository): our own ledger, committed in the same DuckDB
 * transaction as the data, is what makes a run repeatable after a crash (docs/decisions/0003).
 */
@Configuration
public class NightlyReportJobConfig {

    @Bean
    JobRepository jobRepository() {
        return new ResourcelessJobRepository();
    }

    @Bean
    PlatformTransactionManager batchTransactionManager() {
        // DuckDB transactions are ours (one per ingest); Spring Batch's own are no-ops.
        return new ResourcelessTransactionManager();
    }

    @Bean
    JobLauncher jobLauncher(JobRepository jobRepository) throws Exception {
        TaskExecutorJobLauncher launcher = new TaskExecutorJobLauncher();
        launcher.setJobRepository(jobRepository);
        launcher.afterPropertiesSet();
        return launcher;
    }

    @Bean
    Job nightlyReportJob(JobRepository jobRepository, Step ingestLogsStep, Step analyseStep, Step renderReportStep,
            Step deliverReportStep) {
        return new JobBuilder("nightlyReportJob", jobRepository)
                .start(ingestLogsStep)
                .next(analyseStep)
                .next(renderReportStep)
                .next(deliverReportStep)
                .build();
    }

    @Bean
    Step ingestLogsStep(JobRepository jobRepository, PlatformTransactionManager tx, NightlyRun run) {
        return step("ingestLogsStep", jobRepository, tx, run::ingest);
    }

    @Bean
    Step analyseStep(JobRepository jobRepository, PlatformTransactionManager tx, NightlyRun run) {
        return step("analyseStep", jobRepository, tx, run::analyse);
    }

    @Bean
    Step renderReportStep(JobRepository jobRepository, PlatformTransactionManager tx, NightlyRun run) {
        return step("renderReportStep", jobRepository, tx, run::render);
    }

    @Bean
    Step deliverReportStep(JobRepository jobRepository, PlatformTransactionManager tx, NightlyRun run) {
        return step("deliverReportStep", jobRepository, tx, run::deliver);
    }

    /** A stage that runs once per job. */
    @FunctionalInterface
    interface Stage {
        void run() throws Exception;
    }

    private static Step step(String name, JobRepository jobRepository, PlatformTransactionManager tx, Stage stage) {
        return new StepBuilder(name, jobRepository)
                .tasklet((contribution, context) -> {
                    stage.run();
                    return RepeatStatus.FINISHED;
                }, tx)
                .build();
    }
}

package io.postfixinsights.job;

import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The nightly job, read like a table of contents: ingest the logs, analyse, render the report, deliver it. Each step
 * is a tasklet around one plain-Java stage held by {@link NightlyRun}.
 *
 * <p>Job metadata is not persisted (resourceless repository): our own ledger, committed in the same DuckDB
 * transaction as the data, is what makes a run repeatable after a crash (docs/decisions/0003). The steps use Spring
 * Batch's default resourceless transaction manager: DuckDB transactions are ours (one per ingest).
 */
@Configuration
public class NightlyReportJobConfig {

    @Bean
    JobRepository jobRepository() {
        return new ResourcelessJobRepository();
    }

    @Bean
    JobOperator jobOperator(JobRepository jobRepository, Job nightlyReportJob) throws Exception {
        MapJobRegistry registry = new MapJobRegistry();
        registry.register(nightlyReportJob);
        TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
        operator.setJobRepository(jobRepository);
        operator.setJobRegistry(registry);
        operator.afterPropertiesSet();
        return operator;
    }

    @Bean
    Job nightlyReportJob(
            JobRepository jobRepository,
            Step ingestLogsStep,
            Step analyseStep,
            Step renderReportStep,
            Step deliverReportStep) {
        return new JobBuilder("nightlyReportJob", jobRepository)
                .start(ingestLogsStep)
                .next(analyseStep)
                .next(renderReportStep)
                .next(deliverReportStep)
                .build();
    }

    @Bean
    Step ingestLogsStep(JobRepository jobRepository, NightlyRun run) {
        return step("ingestLogsStep", jobRepository, run::ingest);
    }

    @Bean
    Step analyseStep(JobRepository jobRepository, NightlyRun run) {
        return step("analyseStep", jobRepository, run::analyse);
    }

    @Bean
    Step renderReportStep(JobRepository jobRepository, NightlyRun run) {
        return step("renderReportStep", jobRepository, run::render);
    }

    @Bean
    Step deliverReportStep(JobRepository jobRepository, NightlyRun run) {
        return step("deliverReportStep", jobRepository, run::deliver);
    }

    /** A stage that runs once per job. */
    @FunctionalInterface
    interface Stage {
        void run() throws Exception;
    }

    private static Step step(String name, JobRepository jobRepository, Stage stage) {
        return new StepBuilder(name, jobRepository)
                .tasklet((contribution, context) -> {
                    stage.run();
                    return RepeatStatus.FINISHED;
                })
                .build();
    }
}

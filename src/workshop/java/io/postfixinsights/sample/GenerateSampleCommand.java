package io.postfixinsights.sample;

import io.postfixinsights.cli.AddedCommand;
import io.postfixinsights.cli.ExitCodes;
import io.postfixinsights.sample.SampleLogGenerator.Settings;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code generate-sample}: writes a synthetic, deterministic rotated log set with its truth.json. */
@Component
@Command(
        name = "generate-sample",
        mixinStandardHelpOptions = true,
        description = "Write a realistic synthetic Postfix log set (mail.log, mail.log.1, mail.log.N.gz) and"
                + " truth.json, what the generator planned. Same options, same bytes.",
        footerHeading = "%nExample:%n",
        footer = "  java -Dloader.path=target/workshop -jar target/postfix-insights.jar generate-sample sample-data")
public class GenerateSampleCommand implements Callable<Integer>, AddedCommand {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "output folder")
    Path output;

    @Option(
            names = "--days",
            description = "days of mail, ending 2026-11-15 (default: ${DEFAULT-VALUE})",
            defaultValue = "35")
    int days;

    @Option(
            names = "--per-day",
            description = "user messages per day (default: ${DEFAULT-VALUE})",
            defaultValue = "250")
    int perDay;

    @Option(names = "--seed", description = "random seed (default: ${DEFAULT-VALUE})", defaultValue = "20261115")
    long seed;

    @Override
    public Integer call() {
        Settings bundled = Settings.sampleData(output);
        // The period keeps ending on the bundled sample's last day, whatever its length.
        LocalDate last = bundled.startDate().plusDays(bundled.days() - 1L);
        Settings settings = new Settings(
                seed,
                last.minusDays(days - 1L),
                days,
                perDay,
                output,
                bundled.rotation(),
                bundled.timestampFormat(),
                bundled.hosts(),
                bundled.zone());
        long started = System.nanoTime();
        Truth truth = new SampleLogGenerator().generate(settings);
        double seconds = (System.nanoTime() - started) / 1e9;
        long lines = truth.files().stream().mapToLong(Truth.FileInfo::lines).sum();
        spec.commandLine()
                .getOut()
                .printf(
                        "wrote %d lines in %d files to %s in %.1f s%n",
                        lines, truth.files().size(), output, seconds);
        return ExitCodes.OK;
    }
}

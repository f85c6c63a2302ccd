package io.postfixinsights.bench;

import io.postfixinsights.cli.AddedCommand;
import io.postfixinsights.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;

/** {@code bench}: measures ingest, analyse, render and trace on a generated set, against gunzip and pflogsumm. */
@Component
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Generate (once, then reuse) a realistic rotated, gzipped log set and measure on it in one run:"
                + " gunzip alone, ingest, analyse, render, trace lookups, pflogsumm when installed, and a nightly"
                + " run in a fresh JVM. Progress goes to stderr, the table (or --json) to stdout.",
        footerHeading = "%nExample:%n",
        footer = "  java -Xmx512m -Dloader.path=target/workshop -jar target/postfix-insights.jar bench --lines 10")
public class BenchCommand implements Callable<Integer>, AddedCommand {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--lines",
            paramLabel = "MILLIONS",
            description = "about how many million lines to generate (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    double millions;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "where generated sets are kept for re-runs (default: ${DEFAULT-VALUE})",
            defaultValue = "bench-data")
    Path cache;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            description = "scratch folder for the databases and reports, emptied first (default: ${DEFAULT-VALUE})",
            defaultValue = "bench-work")
    Path work;

    @Option(names = "--no-pflogsumm", description = "do not run pflogsumm even if installed")
    boolean noPflogsumm;

    @Option(
            names = "--nightly-lines",
            paramLabel = "MILLIONS",
            description = "new lines of the nightly run in a fresh JVM, the rest of the set being its history;"
                    + " 0 skips it (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    double nightlyMillions;

    @Option(names = "--json", description = "print the figures as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (millions <= 0 || nightlyMillions < 0) {
            spec.commandLine().getErr().println("bench: --lines must be > 0 and --nightly-lines >= 0");
            return ExitCodes.USAGE;
        }
        // The stages log every file at INFO on stdout, which is where the table (or the JSON) goes.
        LoggingSystem.get(getClass().getClassLoader()).setLogLevel("io.postfixinsights", LogLevel.WARN);
        PrintWriter err = spec.commandLine().getErr();
        Benchmark.Options options = new Benchmark.Options(
                Math.round(millions * 1e6), cache, work, !noPflogsumm, Math.round(nightlyMillions * 1e6));
        BenchResult result = new Benchmark(options, message -> {
                    err.println("bench: " + message);
                    err.flush();
                })
                .run();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper()
                    .writer(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(result));
            out.flush();
        } else {
            result.print(out);
        }
        return ExitCodes.OK;
    }
}

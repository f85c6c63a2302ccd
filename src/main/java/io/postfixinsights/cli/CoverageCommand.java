package io.postfixinsights.cli;

import io.postfixinsights.parse.ParserCoverage;
import io.postfixinsights.source.FoundFiles;
import io.postfixinsights.source.LogFile;
import io.postfixinsights.source.LogFileFinder;
import io.postfixinsights.source.SourceProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code coverage}: how much of these logs the parser understands, per file, with samples of what it does not. */
@Component
@Command(
        name = "coverage",
        mixinStandardHelpOptions = true,
        description = "Parse log files without storing anything and print, per file, the lines read, the Postfix"
                + " lines, the share recognised, and samples of unrecognised lines (a Markdown table).",
        footerHeading = "%nExample:%n",
        footer = "  java -jar postfix-insights.jar coverage '/var/log/mail.log*'")
public class CoverageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "log files, directories or globs")
    List<String> logs;

    @Option(names = "--zone", description = "zone of zone-less stamps (default: the system's)")
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public Integer call() throws IOException {
        FoundFiles found = new LogFileFinder().find(logs);
        ParserCoverage coverage = new ParserCoverage(zone);
        for (LogFile file : found.files()) {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(file.compression().open(file.path()), StandardCharsets.UTF_8))) {
                coverage.add(file.path().toString(), reader.lines().iterator());
            }
        }
        spec.commandLine().getOut().print(coverage.toMarkdown());
        for (SourceProblem problem : found.problems()) {
            spec.commandLine().getErr().println("error: " + problem.message());
        }
        return found.problems().isEmpty() ? ExitCodes.OK : ExitCodes.INPUT_UNREADABLE;
    }
}

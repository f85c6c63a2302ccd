package io.postfixinsights.cli;

import java.util.Arrays;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Runs the command line through picocli once Spring Boot has wired the stages; its exit code is the process's. */
@Component
public class PicocliRunner implements CommandLineRunner, ExitCodeGenerator {

    private final IFactory factory;
    private final PostfixInsightsCommand command;
    private final ObjectProvider<AddedCommand> added;
    private int exitCode;

    public PicocliRunner(IFactory factory, PostfixInsightsCommand command, ObjectProvider<AddedCommand> added) {
        this.factory = factory;
        this.command = command;
        this.added = added;
    }

    @Override
    public void run(String... args) {
        CommandLine commandLine = new CommandLine(command, factory);
        added.orderedStream().forEach(commandLine::addSubcommand);
        exitCode = commandLine.execute(withoutSpringProperties(args));
    }

    /**
     * {@code --postfix-insights.mail.host=...}, {@code --spring.config.additional-location=...}: Spring Boot has
     * already taken these as settings, so picocli must not see them as unknown options.
     */
    static String[] withoutSpringProperties(String... args) {
        return Arrays.stream(args)
                .filter(a -> !(a.startsWith("--")
                        && a.contains("=")
                        && a.substring(2, a.indexOf('=')).contains(".")))
                .toArray(String[]::new);
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}

package io.postfixinsights;

import io.postfixinsights.cli.PostfixInsightsCommand;
import java.util.Arrays;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Entry point: Spring Boot wires the stages, picocli reads the command line, the exit code goes back to cron. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PostfixInsightsApplication implements CommandLineRunner, ExitCodeGenerator {

    private final IFactory factory;
    private final PostfixInsightsCommand command;
    private int exitCode;

    public PostfixInsightsApplication(IFactory factory, PostfixInsightsCommand command) {
        this.factory = factory;
        this.command = command;
    }

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(PostfixInsightsApplication.class, args)));
    }

    @Override
    public void run(String... args) {
        exitCode = new CommandLine(command, factory).execute(withoutSpringProperties(args));
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

package io.postfixinsights;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point: Spring Boot wires the stages, {@link io.postfixinsights.cli.PicocliRunner} hands the command line
 * to picocli, and the exit code goes back to cron.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PostfixInsightsApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(PostfixInsightsApplication.class, args)));
    }
}

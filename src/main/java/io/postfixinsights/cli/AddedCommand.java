package io.postfixinsights.cli;

/**
 * A subcommand that is not part of the product but comes with a jar on the loader path: the workshop's
 * {@code generate-sample} and {@code bench} ({@code java -Dloader.path=target/workshop -jar postfix-insights.jar}).
 * Its picocli {@code @Command} name is the subcommand's name.
 */
public interface AddedCommand {}

package io.postfixinsights.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.Constructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The 191 cases of whyscream/postfix-grok-patterns ({@code ../shared/corpus/grok-patterns/test/*.yaml}), read in
 * place. Each {@code data} is the message after {@code postfix/<daemon>[pid]: }; we add a header, parse, and compare
 * the grok fields that have a counterpart in our events. Grok fields about lines we keep only as noise (TLS cipher,
 * anvil statistics, relay of a lost connection...) have no counterpart and are not compared; the line must still be
 * recognised.
 */
class GrokPatternCasesTest {

    /** Grok sub-patterns that are fragments of a message, not a whole message of a daemon. */
    private static final Set<String> FRAGMENTS = Set.of("COMMAND_COUNTER_DATA", "DELAYS", "RELAY", "TLS_FEATURES");

    /** Grok field -> our event field, where the meaning is the same. */
    private static final Map<String, String> SAME_MEANING = Map.ofEntries(
            Map.entry("postfix_queueid", "queueId"),
            Map.entry("postfix_client_hostname", "clientHost"),
            Map.entry("postfix_client_ip", "clientIp"),
            Map.entry("postfix_message-id", "messageId"),
            Map.entry("postfix_bounce_queueid", "notificationQueueId"),
            Map.entry("postfix_postsuper_action", "action"),
            Map.entry("postfix_from", "from"),
            Map.entry("postfix_smtp_stage", "stage"),
            Map.entry("postfix_action", "kind"),
            Map.entry("postfix_status_code_enhanced", "dsn"),
            Map.entry("postfix_smtp_response", "reply"),
            Map.entry("postfix_local_response", "reply"),
            Map.entry("postfix_error_response", "reply"),
            Map.entry("postfix_postscreen_violation", "verdict"),
            Map.entry("postfix_postscreen_access", "verdict"));

    static Stream<Arguments> cases() {
        Path dir = CorpusFiles.root().resolve("grok-patterns/test");
        try (Stream<Path> files = Files.list(dir)) {
            return files
                    .filter(p -> p.toString().endsWith(".yaml"))
                    .sorted()
                    .map(p -> {
                        Map<String, Object> yaml = load(p);
                        return Arguments.of(p.getFileName().toString(), yaml);
                    })
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every scalar as a string: {@code 413E164734} is a queue ID, not a float. */
    private static Yaml stringsOnlyYaml() {
        LoaderOptions options = new LoaderOptions();
        return new Yaml(
                new Constructor(options),
                new Representer(new DumperOptions()),
                new DumperOptions(),
                options,
                new Resolver() {
                    @Override
                    protected void addImplicitResolvers() {
                        // none: no ints, floats, booleans or nulls
                    }
                });
    }

    private static Map<String, Object> load(Path p) {
        try {
            return stringsOnlyYaml().load(Files.readString(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void should_agree_with_grok_pattern_case(String file, Map<String, Object> yaml) {
        String pattern = String.valueOf(yaml.get("pattern"))
                .replaceAll("[\\^$%{}\"]", "")
                .replace("POSTFIX_", "");
        assumeTrue(!FRAGMENTS.contains(pattern), "grok sub-pattern " + pattern + " is not a whole message");
        String daemon = switch (pattern) {
            case "SCRIPT" -> "postfix-script";
            default -> pattern.toLowerCase(Locale.ROOT).replace('_', '-');
        };
        String line = "Jan  1 00:00:00 mx postfix/" + daemon + "[1]: " + yaml.get("data");
        LineCase c = LineCase.given(line);
        PostfixEvent event = c.event(); // fails when unrecognised

        Map<String, Object> results = (Map<String, Object>) yaml.getOrDefault("results", Map.of());
        if (event instanceof PostfixEvent.Noise) {
            return; // recognised; grok's fields describe detail that noise does not keep
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        results.forEach((grokField, value) -> {
            String ours = SAME_MEANING.get(grokField);
            if (ours != null && LineCase.hasComponent(event, ours)) {
                expected.put(ours, ourValue(grokField, value));
            }
        });
        if (results.containsKey("postfix_status") && event instanceof PostfixEvent.Delivery) {
            String status = String.valueOf(results.get("postfix_status"));
            // we map verify's "undeliverable-but-not-cached" to UNDELIVERABLE: the caching is not our concern
            expected.put("status", DeliveryParser.status(status));
            assertThat(expected.get("status")).as("status word %s", status).isNotNull();
        }
        if (results.containsKey("postfix_status_code")) {
            expected.put("smtpCode", Integer.parseInt(String.valueOf(results.get("postfix_status_code"))));
        }
        if (results.containsKey("postfix_keyvalue_data")) {
            expected.putAll(keyValues(event, String.valueOf(results.get("postfix_keyvalue_data"))));
        }
        expected.forEach(c::expect);
        if (String.valueOf(results.get("postfix_status")).equals("expired")
                && String.valueOf(yaml.get("data")).contains("returned to sender")) {
            assertThat(event).isInstanceOf(PostfixEvent.QmgrExpired.class);
        }
    }

    private static Object ourValue(String grokField, Object value) {
        String s = value == null ? "" : String.valueOf(value);
        if (grokField.equals("postfix_queueid") && s.equals("NOQUEUE")) {
            return null; // the contract: null for NOQUEUE
        }
        return s;
    }

    /** The grok keyvalue_data string read independently (split on ", " or " " between key=value pairs). */
    private static Map<String, Object> keyValues(PostfixEvent event, String data) {
        Map<String, Object> out = new LinkedHashMap<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\w+)=(<[^>]*>|[^ ,]*)").matcher(data);
        while (m.find()) {
            String key = m.group(1);
            String raw = m.group(2);
            String value = raw.startsWith("<") ? raw.substring(1, raw.length() - 1) : raw;
            String field = switch (key) {
                case "to", "from", "dsn", "proto", "helo" -> key;
                case "orig_to" -> "origTo";
                case "delay" -> "delay";
                case "relay" -> "relayHost";
                default -> null;
            };
            if (field == null || !LineCase.hasComponent(event, field)) {
                continue;
            }
            if (field.equals("delay")) {
                out.put(field, Double.parseDouble(value));
            } else if (field.equals("relayHost")) {
                int open = value.indexOf('[');
                out.put(field, open < 0 ? value : value.substring(0, open));
            } else {
                out.put(field, value);
            }
        }
        return out;
    }
}

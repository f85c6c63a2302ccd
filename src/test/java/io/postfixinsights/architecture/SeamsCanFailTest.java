package io.postfixinsights.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link Seams} against a fixture laid out like the product (package {@code fixture}): it flags
 * exactly the classes written to break it ("Bad:" in their comment) and none of the good ones.
 */
class SeamsCanFailTest {

    private static final String FIXTURE = "io.postfixinsights.architecture.fixture";

    /** Which fixture classes each rule must flag, by the reading of their imports, not by running the rules. */
    private static final Map<String, Set<String>> EXPECTED = Map.of(
            "report and deliver do not know each other", Set.of("MailingReport", "RenderingPublisher"),
            "config imports no stage", Set.of("MailConfig"),
            "report renders from data only", Set.of("TracingPage", "QueryingPage"),
            "Spring Batch only in job", Set.of("BatchAnalyser"),
            "picocli only in cli", Set.of("ArgsJob"),
            "the pipeline is plain Java", Set.of("ComponentParser", "ComponentCorrelator"),
            "data flows one way", Set.of("StoringParser", "MailingReport", "TracingPage"));

    private static final JavaClasses FIXTURE_CLASSES = new ClassFileImporter().importPackages(FIXTURE);
    /** Each fixture class imported on its own, by simple name. */
    private static final Map<String, JavaClasses> ALONE = FIXTURE_CLASSES.stream()
            .collect(Collectors.toMap(
                    JavaClass::getSimpleName, c -> new ClassFileImporter().importClasses(c.reflect())));

    private final JavaClasses fixture = FIXTURE_CLASSES;
    private final Map<String, ArchRule> rules = new Seams(FIXTURE).rules();

    @Test
    void should_have_a_fixture_for_every_rule() {
        assertThat(rules.keySet()).isEqualTo(EXPECTED.keySet());
        assertThat(fixture).extracting(JavaClass::getSimpleName).hasSize(17);
    }

    @Test
    void should_flag_exactly_the_classes_built_to_break_each_rule() {
        rules.forEach((name, rule) -> assertThat(flagged(rule)).as(name).isEqualTo(new TreeSet<>(EXPECTED.get(name))));
    }

    @Test
    void should_fail_all_rules_together_on_the_fixture_and_name_each_bad_class() {
        // The fixture has no source package: only that emptiness is allowed here.
        ArchRule all = CompositeArchRule.of(
                rules.values().stream().map(r -> r.allowEmptyShould(true)).toList());
        String report = all.evaluate(fixture).getFailureReport().toString();
        assertThat(report)
                .contains("StoringParser", "RenderingPublisher", "MailConfig", "QueryingPage", "BatchAnalyser")
                .contains("ArgsJob", "ComponentParser", "ComponentCorrelator");
    }

    /** Each class checked alone: a rule flags a class when that class alone breaks it. */
    private Set<String> flagged(ArchRule rule) {
        Set<String> flagged = new TreeSet<>();
        ALONE.forEach((name, alone) -> {
            if (rule.allowEmptyShould(true).evaluate(alone).hasViolation()) {
                flagged.add(name);
            }
        });
        return flagged;
    }
}

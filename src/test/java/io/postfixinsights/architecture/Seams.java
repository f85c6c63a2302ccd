package io.postfixinsights.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seams of docs/ARCHITECTURE.md as ArchUnit rules, for the packages under one root: the product's
 * ({@code io.postfixinsights}) and, to show that each rule can fail, a fixture set laid out the same way.
 */
final class Seams {

    /**
     * The flow, from the first stage to the edge. A package may import those of earlier steps, never one of a later
     * step nor another package of its own step: that would be an arrow pointing backwards (or sideways).
     */
    static final List<List<String>> FLOW = List.of(
            List.of("source"),
            List.of("parse"),
            List.of("correlate"),
            List.of("store"),
            List.of("ingest", "analyse"),
            List.of("trace", "report"),
            List.of("deliver"),
            List.of("config"),
            List.of("job"),
            List.of("cli"));

    /** Every package of the flow: what config, the settings at the edge, must not import. */
    private static final List<String> PIPELINE = List.of(
            "source", "parse", "correlate", "store", "ingest", "analyse", "trace", "report", "deliver", "job", "cli");

    private final String root;

    Seams(String root) {
        this.root = root;
    }

    /** Each rule by the name the tests use; {@link #all()} is the one the build checks. */
    Map<String, ArchRule> rules() {
        return Map.of(
                "report and deliver do not know each other", reportAndDeliverApart(),
                "config imports no stage", configImportsNoStage(),
                "report renders from data only", reportRendersFromDataOnly(),
                "Spring Batch only in job", onlyIn("job", "org.springframework.batch.."),
                "picocli only in cli", onlyIn("cli", "picocli.."),
                "the pipeline is plain Java", pipelineIsPlainJava(),
                "data flows one way", dataFlowsOneWay());
    }

    ArchRule all() {
        return CompositeArchRule.of(List.copyOf(rules().values()));
    }

    private String pkg(String name) {
        return root + "." + name + "..";
    }

    private String[] pkgs(List<String> names) {
        return names.stream().map(this::pkg).toArray(String[]::new);
    }

    ArchRule reportAndDeliverApart() {
        return CompositeArchRule.of(noClasses()
                        .that()
                        .resideInAPackage(pkg("report"))
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage(pkg("deliver")))
                .and(noClasses()
                        .that()
                        .resideInAPackage(pkg("deliver"))
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage(pkg("report")))
                .because("the job hands the report's pages and mail to deliver, which only ships them");
    }

    ArchRule configImportsNoStage() {
        return noClasses()
                .that()
                .resideInAPackage(pkg("config"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(pkgs(PIPELINE))
                .because("each stage binds its own settings (deliver binds postfix-insights.mail)");
    }

    ArchRule reportRendersFromDataOnly() {
        return noClasses()
                .that()
                .resideInAPackage(pkg("report"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(pkg("trace"), pkg("store"), "java.sql..")
                .because("the job loads what the pages show (analysis and failed messages) and hands it over");
    }

    private ArchRule onlyIn(String owner, String framework) {
        return noClasses()
                .that()
                .resideOutsideOfPackage(pkg(owner))
                .and()
                .resideInAPackage(root + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(framework)
                .because(owner + " is the one door to " + framework);
    }

    ArchRule pipelineIsPlainJava() {
        return noClasses()
                .that()
                .resideInAnyPackage(pkg("source"), pkg("parse"), pkg("correlate"), pkg("ingest"))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .because("reading, parsing and correlating are plain Java; Spring only wires stages at the edge");
    }

    ArchRule dataFlowsOneWay() {
        List<ArchRule> rules = new ArrayList<>();
        for (int step = 0; step < FLOW.size(); step++) {
            for (String own : FLOW.get(step)) {
                List<String> forbidden = new ArrayList<>();
                FLOW.get(step).stream().filter(p -> !p.equals(own)).forEach(forbidden::add);
                FLOW.subList(step + 1, FLOW.size()).forEach(forbidden::addAll);
                if (!forbidden.isEmpty()) {
                    rules.add(noClasses()
                            .that()
                            .resideInAPackage(pkg(own))
                            .should()
                            .dependOnClassesThat(inAny(forbidden))
                            .as(own + " imports nothing of " + forbidden));
                }
            }
        }
        return CompositeArchRule.of(rules).as("data flows one way: " + FLOW);
    }

    private DescribedPredicate<JavaClass> inAny(List<String> names) {
        return JavaClass.Predicates.resideInAnyPackage(pkgs(names)).as("reside in " + names);
    }
}

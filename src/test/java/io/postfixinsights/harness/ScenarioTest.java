package io.postfixinsights.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenario files load, their times parse, and a scenario that would make the truth ambiguous is refused. */
class ScenarioTest {

    @Test
    void every_scenario_in_the_folder_loads_with_destinations_and_traffic() throws Exception {
        List<Path> files;
        try (var list = Files.list(Harness.SCENARIOS)) {
            files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        for (Path f : files) {
            Scenario s = Scenario.load(f);
            assertThat(s.name()).as(f.toString()).isNotBlank();
            assertThat(s.duration()).as(f.toString()).isPositive();
            assertThat(s.destinations()).as(f.toString()).isNotEmpty();
            assertThat(s.traffic()).as(f.toString()).isNotEmpty();
            assertThat(s.destinations())
                    .as(f + ": loopback only")
                    .allSatisfy(d -> assertThat(d.ip()).startsWith("127."));
        }
    }

    @Test
    void times_are_read_as_written() {
        assertThat(Scenario.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Scenario.duration("2.5s")).isEqualTo(Duration.ofMillis(2500));
        assertThat(Scenario.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Scenario.duration(12)).isEqualTo(Duration.ofSeconds(12));
        assertThatThrownBy(() -> Scenario.duration("5 minutes")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_ci_scenario_plans_what_its_truth_is_about() throws Exception {
        Scenario s = Scenario.load(Harness.find("ci-day"));
        Scenario.Traffic dmarc = s.traffic("dmarc-burst");
        assertThat(dmarc.count()).isEqualTo(100);
        assertThat(dmarc.at(100).minus(dmarc.at(1))).isLessThan(Duration.ofMinutes(1));
        assertThat(dmarc.recipients(7)).containsExactly("lead007@gmail.com");
        Scenario.Traffic hygiene = s.traffic("hygiene-burst");
        assertThat(hygiene.count()).isEqualTo(50);
        assertThat(hygiene.at(50).minus(hygiene.at(1))).isLessThanOrEqualTo(Duration.ofSeconds(45));
        assertThat(s.destinations()).filteredOn(Scenario.Destination::refuse).hasSize(1);
        assertThat(s.instance().mainCf()).containsEntry("enable_long_queue_ids", "yes");
    }

    @Test
    void a_recipient_planned_twice_is_refused() {
        String yaml = """
                name: twice
                duration: 10s
                destinations: [{name: d, host: mx.d.example, ip: 127.0.0.99, domains: [d.example]}]
                traffic:
                  - {id: a, sender: s@x.example, to: ["r@d.example"]}
                  - {id: b, sender: s@x.example, to: ["R@d.example"]}
                """;
        assertThatThrownBy(() -> Scenario.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("R@d.example in a and b")
                .hasMessageContaining("planned once");
    }

    @Test
    void globs_match_addresses_case_insensitively() {
        assertThat(Scenario.glob("gone-*@yahoo.com", "Gone-017@Yahoo.com")).isTrue();
        assertThat(Scenario.glob("gone-*@yahoo.com", "buyer@yahoo.com")).isFalse();
        assertThat(Scenario.glob(null, "anything")).isTrue();
    }
}

package io.postfixinsights.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** The numbers of a summary.json, to compare two histories of the same mail built by different sequences of runs. */
final class ReportNumbers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportNumbers() {}

    /** The analysis without what names a run (generatedAt, dataQuality) or a row id (msgId). */
    static JsonNode read(Path summaryJson) throws IOException {
        ObjectNode a = (ObjectNode) JSON.readTree(summaryJson.toFile()).get("analysis");
        a.remove(List.of("generatedAt", "dataQuality"));
        a.findParents("msgId").forEach(p -> ((ObjectNode) p).remove("msgId"));
        return a;
    }

    /** Section by section, reporting every section that differs. */
    static void assertSame(JsonNode actual, JsonNode expected) {
        SoftAssertions softly = new SoftAssertions();
        expected.propertyNames().forEach(section -> {
            if (section.equals("rejectsByClient")) {
                // rejects_by_client.sql breaks ties by a key two groups can share (client_host NULL and 'unknown'
                // both print as unknown[ip]), so the order of such rows is not defined
                softly.assertThat(actual.get(section))
                        .as(section)
                        .containsExactlyInAnyOrderElementsOf(expected.get(section));
            } else {
                softly.assertThat(actual.get(section)).as(section).isEqualTo(expected.get(section));
            }
        });
        softly.assertThat(actual.size()).as("sections").isEqualTo(expected.size());
        softly.assertAll();
    }
}

package io.postfixinsights.report;

import io.postfixinsights.analyse.Analysis;
import java.io.IOException;
import java.nio.file.Path;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the {@link Analysis} as summary.json for monitoring and scripts; the format is documented in
 * docs/SUMMARY-JSON.md. Instants are ISO-8601 text, durations ISO-8601 (PT2H), the zone its id.
 */
public final class SummaryJson {
    /** Bumped when a field is renamed or removed; adding a field keeps the version. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS, DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** The file's top level: the format version, then the analysis. */
    public record Summary(int formatVersion, Analysis analysis) {}

    private SummaryJson() {}

    public static void write(Analysis analysis, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), new Summary(FORMAT_VERSION, analysis));
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}

package io.postfixinsights.analyse.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads the domain knowledge the analysis SQL joins against (mailbox providers, reply classification rules, DSN code
 * meanings, reason and cluster labels) from CSV files into DuckDB temp tables {@code ref_*}.
 *
 * <p>The built-in files are packaged under {@code /reference/}. A user directory may hold files of the same names;
 * their rows come first and replace built-in rows with the same key (see {@link RefTable#key()}), so a user can add
 * providers, add or re-classify reply rules and reword labels without copying the built-in files. Everything is read
 * and checked before any table is replaced, and errors name the file and line.
 */
public final class ReferenceData {

    static final String RESOURCE_DIR = "/reference/";

    static final Set<String> PROVIDER_KINDS = Set.of("domain", "relay");

    // Keys and ids are lower-cased on load because the SQL compares them with lower-cased log values.
    static final RefTable PROVIDERS = new RefTable(
            "ref_providers",
            "providers.csv",
            List.of("kind", "pattern", "provider"),
            List.of("kind", "pattern"),
            Set.of("kind", "pattern"));
    static final RefTable REPLY_RULES = new RefTable(
            "ref_reply_rules",
            "reply-rules.csv",
            List.of("priority", "reason_class", "pattern"),
            List.of("pattern"),
            Set.of("reason_class"));
    static final RefTable DSN_CODES = new RefTable(
            "ref_dsn_codes", "dsn-codes.csv", List.of("code", "meaning", "advice"), List.of("code"), Set.of());
    static final RefTable REASON_CLASSES = new RefTable(
            "ref_reason_classes",
            "reason-classes.csv",
            List.of("reason_class", "label", "advice"),
            List.of("reason_class"),
            Set.of("reason_class"));
    static final RefTable CLUSTER_CLASSES = new RefTable(
            "ref_cluster_classes",
            "cluster-classes.csv",
            List.of("cluster_class", "label", "advice"),
            List.of("cluster_class"),
            Set.of("cluster_class"));

    static final List<RefTable> TABLES = List.of(PROVIDERS, REPLY_RULES, DSN_CODES, REASON_CLASSES, CLUSTER_CLASSES);

    private ReferenceData() {}

    /**
     * (Re)creates the {@code ref_*} temp tables from the packaged CSVs plus the files of the same names found in
     * {@code extraDir}. User rows come first and replace built-in rows with the same key. In {@code ref_reply_rules}
     * the priority column holds each rule's rank (1 = tried first) in the order: file priority, then user rules
     * before built-in ones, then file order; so the lowest number that matches wins without ties.
     *
     * @throws IOException when {@code extraDir} is not a directory, or a file cannot be read or has a bad row (the
     *     message names file and line)
     * @throws SQLException when DuckDB refuses a statement, or when a rule's pattern is not a valid RE2 expression
     */
    public static void load(Connection duckdb, Optional<Path> extraDir) throws SQLException, IOException {
        if (extraDir.isPresent() && !Files.isDirectory(extraDir.get())) {
            // a mistyped setting would otherwise silently drop the user's rules
            throw new IOException("reference directory not found: " + extraDir.get());
        }
        Map<RefTable, List<Row>> rows = new LinkedHashMap<>();
        for (RefTable table : TABLES) {
            List<Row> user = new ArrayList<>();
            if (extraDir.isPresent()) {
                Path file = extraDir.get().resolve(table.file());
                if (Files.isRegularFile(file)) {
                    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        user = table.parse(in, file.toString());
                    }
                }
            }
            rows.put(table, merge(table, user, readPackaged(table)));
        }
        validate(rows);
        rows.put(REPLY_RULES, rankRules(rows.get(REPLY_RULES)));
        checkPatterns(duckdb, rows.get(REPLY_RULES));
        for (Map.Entry<RefTable, List<Row>> entry : rows.entrySet()) {
            replaceTable(duckdb, entry.getKey(), entry.getValue());
        }
    }

    private static List<Row> readPackaged(RefTable table) throws IOException {
        String resource = RESOURCE_DIR + table.file();
        InputStream in = ReferenceData.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("packaged reference file missing from the classpath: " + resource);
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return table.parse(reader, "classpath:" + resource);
        }
    }

    /** User rows first; a built-in row whose key a user row also has is dropped. */
    static List<Row> merge(RefTable table, List<Row> user, List<Row> builtIn) {
        Set<List<String>> userKeys = user.stream().map(table::keyOf).collect(Collectors.toSet());
        List<Row> merged = new ArrayList<>(user);
        builtIn.stream().filter(row -> !userKeys.contains(table.keyOf(row))).forEach(merged::add);
        return merged;
    }

    private static void validate(Map<RefTable, List<Row>> rows) throws IOException {
        for (Row row : rows.get(PROVIDERS)) {
            if (!PROVIDER_KINDS.contains(row.value(0))) {
                throw row.error("kind must be domain or relay, not '" + row.value(0) + "'");
            }
            if (row.value(1).contains("*")
                    || row.value(1).contains("@")
                    || row.value(1).startsWith(".")) {
                throw row.error(
                        "pattern is a plain domain name (subdomains match by themselves), not '" + row.value(1) + "'");
            }
        }
        Set<String> reasonClasses = new HashSet<>();
        rows.get(REASON_CLASSES).forEach(row -> reasonClasses.add(row.value(0)));
        for (Row row : rows.get(REPLY_RULES)) {
            try {
                Integer.parseInt(row.value(0));
            } catch (NumberFormatException e) {
                throw row.error("priority must be a whole number, not '" + row.value(0) + "'");
            }
            if (!reasonClasses.contains(row.value(1))) {
                throw row.error("reason_class '" + row.value(1) + "' is not in reason-classes.csv");
            }
        }
    }

    /** Orders rules by priority, user rules first among equals (merge put them first; the sort is stable). */
    private static List<Row> rankRules(List<Row> rules) {
        List<Row> ordered = new ArrayList<>(rules);
        ordered.sort(Comparator.comparingInt(row -> Integer.parseInt(row.value(0))));
        List<Row> ranked = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            Row row = ordered.get(i);
            ranked.add(row.with(0, Integer.toString(i + 1)));
        }
        return ranked;
    }

    /** Compiles each pattern with DuckDB's own RE2 now, so a bad user rule fails here with its file and line. */
    private static void checkPatterns(Connection duckdb, List<Row> rules) throws SQLException {
        try (PreparedStatement check = duckdb.prepareStatement("SELECT regexp_matches('', ?, 'i')")) {
            for (Row row : rules) {
                check.setString(1, row.value(2));
                try {
                    check.executeQuery().close();
                } catch (SQLException e) {
                    throw new SQLException(
                            row.where() + ": pattern is not a valid RE2 expression: " + e.getMessage(), e);
                }
            }
        }
    }

    private static void replaceTable(Connection duckdb, RefTable table, List<Row> rows) throws SQLException {
        try (Statement ddl = duckdb.createStatement()) {
            ddl.execute(table.createSql());
        }
        try (PreparedStatement insert = duckdb.prepareStatement(table.insertSql())) {
            for (Row row : rows) {
                for (int i = 0; i < table.columns().size(); i++) {
                    insert.setString(i + 1, row.value(i)); // DuckDB casts the priority text to INTEGER
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * One table: its file, the columns it loads (other CSV columns such as {@code note} are ignored), the key by
     * which a user row replaces a built-in one, and the columns lower-cased on load.
     */
    record RefTable(String name, String file, List<String> columns, List<String> key, Set<String> lowerCased) {

        String createSql() {
            return "CREATE OR REPLACE TEMP TABLE " + name + " ("
                    + columns.stream()
                            .map(c -> c + (c.equals("priority") ? " INTEGER" : " VARCHAR"))
                            .collect(Collectors.joining(", "))
                    + ")";
        }

        String insertSql() {
            return "INSERT INTO " + name + " VALUES ("
                    + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        }

        List<String> keyOf(Row row) {
            return key.stream().map(k -> row.value(columns.indexOf(k))).collect(Collectors.toList());
        }

        /** Reads one file: maps the header to this table's columns, trims values and lower-cases ids. */
        List<Row> parse(Reader in, String source) throws IOException {
            List<CsvReader.Record> records = CsvReader.readAll(in, source);
            if (records.isEmpty()) {
                throw new IOException(source + ": empty file, expected a header row " + columns);
            }
            List<String> header = records.get(0).fields().stream()
                    .map(h -> h.trim().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toList());
            int[] index = new int[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                index[i] = header.indexOf(columns.get(i));
                if (index[i] < 0) {
                    throw new IOException(
                            source + ":1: header lacks column '" + columns.get(i) + "' (needs " + columns + ")");
                }
            }
            List<Row> rows = new ArrayList<>();
            for (CsvReader.Record record : records.subList(1, records.size())) {
                if (record.fields().size() != header.size()) {
                    throw new IOException(source + ":" + record.line() + ": "
                            + record.fields().size() + " fields, the header has " + header.size());
                }
                List<String> values = new ArrayList<>(columns.size());
                for (int i = 0; i < columns.size(); i++) {
                    String value = record.fields().get(index[i]).trim();
                    if (value.isEmpty()) {
                        throw new IOException(source + ":" + record.line() + ": " + columns.get(i) + " is empty");
                    }
                    values.add(lowerCased.contains(columns.get(i)) ? value.toLowerCase(Locale.ROOT) : value);
                }
                rows.add(new Row(source, record.line(), List.copyOf(values)));
            }
            return rows;
        }
    }

    /** One row of values in {@link RefTable#columns()} order, with where it came from. */
    record Row(String source, int line, List<String> values) {

        String value(int i) {
            return values.get(i);
        }

        Row with(int i, String value) {
            List<String> changed = new ArrayList<>(values);
            changed.set(i, value);
            return new Row(source, line, List.copyOf(changed));
        }

        String where() {
            return source + ":" + line;
        }

        IOException error(String what) {
            return new IOException(where() + ": " + what);
        }
    }
}

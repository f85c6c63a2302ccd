package io.postfixinsights.analyse.reference;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for the small reference files: comma-separated, fields optionally in double quotes with
 * {@code ""} for a quote, quoted fields may span lines, CRLF or LF line ends. Blank lines and a leading UTF-8 byte
 * order mark (spreadsheets write one) are skipped. Errors name the file and line, since users edit these files.
 */
final class CsvReader {

    /** One record and the line it starts on (1-based), for error messages. */
    record Record(int line, List<String> fields) {}

    private final Reader in;
    private final String source;
    private int line = 1;

    private CsvReader(Reader in, String source) {
        this.in = in;
        this.source = source;
    }

    static List<Record> readAll(Reader in, String source) throws IOException {
        return new CsvReader(in, source).records();
    }

    private List<Record> records() throws IOException {
        List<Record> records = new ArrayList<>();
        int c = read();
        if (c == '\uFEFF') {
            c = read();
        }
        while (c != -1) {
            if (c == '\r' || c == '\n') {
                c = skipLineEnd(c);
                continue;
            }
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            while (true) {
                if (c == '"' && field.length() == 0) {
                    c = readQuoted(field);
                } else {
                    while (c != ',' && c != '\r' && c != '\n' && c != -1) {
                        if (c == '"') {
                            throw error("a quote inside an unquoted field (quote the whole field)");
                        }
                        field.append((char) c);
                        c = read();
                    }
                }
                fields.add(field.toString());
                field.setLength(0);
                if (c != ',') {
                    break;
                }
                c = read();
            }
            records.add(new Record(startLine, List.copyOf(fields)));
            if (c != -1) {
                c = skipLineEnd(c);
            }
        }
        return records;
    }

    /** Reads a quoted field after its opening quote; returns the character after the closing quote. */
    private int readQuoted(StringBuilder field) throws IOException {
        int startLine = line;
        while (true) {
            int c = read();
            if (c == -1) {
                throw new IOException(source + ":" + startLine + ": quoted field is not closed");
            }
            if (c == '"') {
                int next = read();
                if (next != '"') {
                    if (next != ',' && next != '\r' && next != '\n' && next != -1) {
                        throw error("text after a closing quote");
                    }
                    return next;
                }
            } else if (c == '\n') {
                line++; // keeps later error lines in step with what an editor shows
            }
            field.append((char) c);
        }
    }

    private int skipLineEnd(int c) throws IOException {
        if (c == '\r') {
            int next = read();
            if (next != '\n') {
                line++;
                return next;
            }
        }
        line++;
        return read();
    }

    private int read() throws IOException {
        return in.read();
    }

    private IOException error(String what) {
        return new IOException(source + ":" + line + ": " + what);
    }
}

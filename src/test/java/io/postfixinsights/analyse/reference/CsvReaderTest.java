package io.postfixinsights.analyse.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<CsvReader.Record> read(String text) throws IOException {
        return CsvReader.readAll(new StringReader(text), "test.csv");
    }

    @Test
    void should_read_quoted_fields_with_commas_doubled_quotes_and_line_breaks() throws IOException {
        List<CsvReader.Record> records = read("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,\"\"\n");

        assertThat(records)
                .extracting(CsvReader.Record::fields)
                .containsExactly(
                        List.of("a", "b"),
                        List.of("x, y", "say \"hi\""),
                        List.of("two\nlines", "z"),
                        List.of("last", ""));
        assertThat(records).extracting(CsvReader.Record::line).containsExactly(1, 2, 3, 5);
    }

    @Test
    void should_accept_crlf_a_byte_order_mark_blank_lines_and_no_final_newline() throws IOException {
        List<CsvReader.Record> records = read("\uFEFFa,b\r\n\r\n1,2\r\n\n3,4");

        assertThat(records)
                .extracting(CsvReader.Record::fields)
                .containsExactly(List.of("a", "b"), List.of("1", "2"), List.of("3", "4"));
        assertThat(records).extracting(CsvReader.Record::line).containsExactly(1, 3, 5);
    }

    @Test
    void should_name_file_and_line_of_a_stray_quote() {
        assertThatThrownBy(() -> read("a,b\n1,2\nx\"y,3\n"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("test.csv:3: a quote inside an unquoted field");
    }

    @Test
    void should_refuse_text_after_a_closing_quote_and_an_unclosed_quote() {
        assertThatThrownBy(() -> read("a\n\"x\"y\n")).hasMessageStartingWith("test.csv:2: text after a closing quote");
        assertThatThrownBy(() -> read("a\n\"open\n")).hasMessage("test.csv:2: quoted field is not closed");
    }
}

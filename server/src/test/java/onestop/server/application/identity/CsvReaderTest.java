package onestop.server.application.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 reading (Apache Commons CSV) with line numbers, and records with quoting mistakes read past. */
class CsvReaderTest {

    static List<CsvReader.Row> all(String text) {
        CsvReader r = new CsvReader(text);
        List<CsvReader.Row> rows = new ArrayList<>();
        for (CsvReader.Row row = r.next(); row != null; row = r.next()) rows.add(row);
        return rows;
    }

    @Test
    void quotedFieldsCommasEscapedQuotesAndLineBreaks() {
        List<CsvReader.Row> rows = all("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",x\rlast,\n");
        assertEquals(List.of(
                new CsvReader.Row(1, List.of("a", "b,c", "say \"hi\""), null),
                new CsvReader.Row(2, List.of("two\r\nlines", "x"), null),
                new CsvReader.Row(4, List.of("last", ""), null)), rows);
    }

    @Test
    void emptyFieldsAndNoFinalLineBreak() {
        assertEquals(List.of(new CsvReader.Row(1, List.of("", "", ""), null), new CsvReader.Row(2, List.of("\"\"x"), null)),
                all(",,\n\"\"\"\"\"x\""));
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsText() {
        assertEquals(List.of(new CsvReader.Row(1, List.of("5\"3", "b"), null)), all("5\"3,b"));
    }

    @Test
    void malformedQuoting() {
        List<CsvReader.Row> rows = all("\"a\"b,c\nd,\"e\n\nf");
        assertEquals(2, rows.size());
        assertEquals(new CsvReader.Row(1, List.of("ab", "c"),
                "A closing quote is followed by other text instead of a comma or the end of the line."), rows.get(0));
        assertEquals(new CsvReader.Row(2, List.of("d", "e\n\nf"),
                "A quoted field opened on line 2 is not closed before the end of the file."), rows.get(1));
    }

    @Test
    void readingGoesOnAfterAMalformedRecord() {
        List<CsvReader.Row> rows = all("a,b\r\n\"x\"y,\"q\"\"\"z\nc,\"d\ne\"\r\"f\"g\rh\n");
        assertEquals(List.of(
                new CsvReader.Row(1, List.of("a", "b"), null),
                new CsvReader.Row(2, List.of("xy", "q\"z"), CsvReader.TEXT_AFTER_QUOTE),
                new CsvReader.Row(3, List.of("c", "d\ne"), null),
                new CsvReader.Row(5, List.of("fg"), CsvReader.TEXT_AFTER_QUOTE),
                new CsvReader.Row(6, List.of("h"), null)), rows);
        assertEquals(List.of(new CsvReader.Row(1, List.of("a"), null),
                new CsvReader.Row(2, List.of("b", "cd", "e\n"),
                        "A quoted field opened on line 2 is not closed before the end of the file.")),
                all("a\nb,\"c\"d,\"e\n"));
    }

    @Test
    void blankRecords() {
        List<CsvReader.Row> rows = all("\n , \u3000,\na\n");
        assertTrue(rows.get(0).isBlank());
        assertTrue(rows.get(1).isBlank());
        assertFalse(rows.get(2).isBlank());
        assertEquals(3, rows.get(2).line());
        assertNull(new CsvReader("").next());
    }
}

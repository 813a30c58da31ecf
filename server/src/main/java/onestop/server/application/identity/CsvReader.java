package onestop.server.application.identity;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * RFC 4180 records from text, read by Apache Commons CSV: comma separated, fields optionally in double quotes with
 * {@code ""} as an escaped quote, records ended by CRLF, LF or a lone CR; a quoted field may span lines, and a quote
 * inside an unquoted field is text. Each record comes with the line it starts on. A record with a quoting mistake is
 * not an exception but a row that says what is wrong ({@link Row#error}), read as a person would read it (text after
 * a closing quote kept, an unclosed quote running to the end of the file), and reading goes on after it.
 * Not thread-safe; one reader per text.
 */
final class CsvReader {

    /**
     * One record.
     *
     * @param line   1-based physical line on which the record starts
     * @param fields the fields, unquoted, not trimmed
     * @param error  why the record is malformed (quoting), or null
     */
    record Row(int line, List<String> fields, String error) {
        /** True when every field is blank, e.g. an empty line or ",,,,". */
        boolean isBlank() {
            for (String f : fields) {
                if (!f.isBlank()) return false;
            }
            return true;
        }
    }

    static final String TEXT_AFTER_QUOTE = "A closing quote is followed by other text instead of a comma or the end of the line.";

    /** Well-formed files only: a quoting mistake throws. Empty lines are records (the importer skips blank ones). */
    private static final CSVFormat STRICT = CSVFormat.RFC4180;
    /** Keeps text after a closing quote; an unclosed quote still throws (how the two mistakes are told apart). */
    private static final CSVFormat TRAILING = STRICT.builder().setTrailingData(true).get();
    /** Reads any text: how a malformed record's fields and end are found. */
    private static final CSVFormat LENIENT = TRAILING.builder().setLenientEof(true).get();

    private final String text;
    private Iterator<CSVRecord> records;
    /** Where the last record returned starts (-1: none yet): a malformed record is looked for after it. */
    private long lastStart = -1;
    private int linePos;
    private int line = 1;

    /** @param text the CSV text, without byte-order mark */
    CsvReader(String text) {
        this.text = text;
        this.records = parse(STRICT, 0);
    }

    /** The next record, or null at the end of the text. */
    Row next() {
        if (records == null) return null;
        CSVRecord r;
        try {
            r = records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            return malformed();
        }
        if (r == null) {
            records = null;
            return null;
        }
        lastStart = r.getCharacterPosition();
        return new Row(lineAt(lastStart), r.toList(), null);
    }

    /** The record the strict parser refused: its fields read leniently, what is wrong with it, and strict reading resumed after it. */
    private Row malformed() {
        Iterator<CSVRecord> lenient = parse(LENIENT, Math.max(0, lastStart));
        if (lastStart >= 0) lenient.next(); // the last good record, read again
        CSVRecord bad = lenient.next();
        long start = bad.getCharacterPosition();
        int startLine = lineAt(start);
        List<String> fields = bad.toList();
        String error = TEXT_AFTER_QUOTE;
        try {
            parse(TRAILING, start).next();
        } catch (UncheckedIOException unclosed) {
            // the last field runs to the end of the file: its opening quote stands before the field's text, in which
            // every quote was written twice
            String last = fields.get(fields.size() - 1);
            long quotes = last.chars().filter(ch -> ch == '"').count();
            int openedAt = (int) (text.length() - last.length() - quotes - 1);
            error = "A quoted field opened on line " + lineAt(Math.max(start, openedAt)) + " is not closed before the end of the file.";
        }
        lastStart = start;
        records = lenient.hasNext() ? parse(STRICT, lenient.next().getCharacterPosition()) : null;
        return new Row(startLine, fields, error);
    }

    private Iterator<CSVRecord> parse(CSVFormat format, long offset) {
        try {
            StringReader in = new StringReader(text);
            in.skip(offset);
            return CSVParser.builder().setReader(in).setFormat(format).setCharacterOffset(offset).get().iterator();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    /** The 1-based line of a character position; positions are asked for in rising order. */
    private int lineAt(long position) {
        int to = (int) position;
        for (int i = linePos; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) line++;
        }
        linePos = to;
        return line;
    }
}

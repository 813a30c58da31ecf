package onestop.server.application.identity;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 records from text: comma separated, fields optionally in double quotes with
 * {@code ""} as an escaped quote, records ended by CRLF, LF or a lone CR. A quoted field may span
 * lines. Lenient where it costs nothing: a quote inside an unquoted field is kept as text.
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

    private final String text;
    private int pos;
    private int line = 1;

    /** @param text the CSV text, without byte-order mark */
    CsvReader(String text) {
        this.text = text;
    }

    /** The next record, or null at the end of the text. */
    Row next() {
        int n = text.length();
        if (pos >= n) return null;
        int startLine = line;
        List<String> fields = new ArrayList<>(10);
        StringBuilder sb = new StringBuilder();
        String error = null;
        while (true) {
            sb.setLength(0);
            if (pos < n && text.charAt(pos) == '"') {
                int quoteLine = line;
                pos++;
                boolean closed = false;
                while (pos < n) {
                    char c = text.charAt(pos);
                    if (c == '"') {
                        if (pos + 1 < n && text.charAt(pos + 1) == '"') {
                            sb.append('"');
                            pos += 2;
                            continue;
                        }
                        pos++;
                        closed = true;
                        break;
                    }
                    if (c == '\n' || (c == '\r' && (pos + 1 >= n || text.charAt(pos + 1) != '\n'))) line++;
                    sb.append(c);
                    pos++;
                }
                if (!closed) {
                    fields.add(sb.toString());
                    return new Row(startLine, fields,
                            "A quoted field opened on line " + quoteLine + " is not closed before the end of the file.");
                }
                if (pos < n && !isSeparator(text.charAt(pos)) && error == null) {
                    error = "A closing quote is followed by other text instead of a comma or the end of the line.";
                }
            }
            while (pos < n && !isSeparator(text.charAt(pos))) {
                sb.append(text.charAt(pos++));
            }
            fields.add(sb.toString());
            if (pos >= n) return new Row(startLine, fields, error);
            char c = text.charAt(pos++);
            if (c == ',') continue;
            if (c == '\r' && pos < n && text.charAt(pos) == '\n') pos++;
            line++;
            return new Row(startLine, fields, error);
        }
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == '\n' || c == '\r';
    }
}

package onestop.console.application;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A civil-affairs roster file's bytes as text. Civil affairs exports in UTF-8 or GBK (Excel's "CSV" on a Chinese
 * Windows): strictly UTF-8 first (with or without its BOM), else strictly GBK. A file that is neither as a whole — some
 * lines UTF-8 and some GBK, as when two exports are pasted together — is refused with the line numbers of each kind,
 * and nothing is sent. The user may also name the encoding, which is then decoded strictly as named.
 */
public final class RosterFile {
    private RosterFile() {}

    public static final Charset GBK = Charset.forName("GBK");

    /** The decoded text and the encoding it was read in. */
    public record Decoded(String text, String encoding) {}

    /** @param choice "auto", "UTF-8" or "GBK" */
    public static Decoded decode(byte[] bytes, String choice) {
        switch (choice == null ? "auto" : choice) {
            case "UTF-8" -> {
                String t = strict(bytes, StandardCharsets.UTF_8);
                if (t == null) throw ConsoleException.field("encoding", "文件不是 UTF-8 编码" + badLines(bytes, StandardCharsets.UTF_8) + ", 请改选 GBK 或自动识别");
                return new Decoded(stripBom(t), "UTF-8");
            }
            case "GBK" -> {
                String t = strict(bytes, GBK);
                if (t == null) throw ConsoleException.field("encoding", "文件不是 GBK 编码" + badLines(bytes, GBK) + ", 请改选 UTF-8 或自动识别");
                return new Decoded(t, "GBK");
            }
            default -> {
                String utf8 = strict(bytes, StandardCharsets.UTF_8);
                if (utf8 != null) return new Decoded(stripBom(utf8), "UTF-8");
                String gbk = strict(bytes, GBK);
                if (gbk != null) return new Decoded(gbk, "GBK");
                throw ConsoleException.field("file", mixed(bytes));
            }
        }
    }

    private static String stripBom(String t) {
        return t.startsWith("\uFEFF") ? t.substring(1) : t;
    }

    /** The text, or null when the bytes are not wholly in this charset. */
    static String strict(byte[] bytes, Charset cs) {
        CharsetDecoder d = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer out = d.decode(ByteBuffer.wrap(bytes));
            return out.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Lines (1-based) whose bytes are not valid in {@code cs}: " (第 3, 7 行)"; at most ten named. */
    private static String badLines(byte[] bytes, Charset cs) {
        List<Integer> bad = new ArrayList<>();
        int[] count = {0};
        forEachLine(bytes, (n, line) -> {
            if (strict(line, cs) == null) {
                count[0]++;
                if (bad.size() < 10) bad.add(n);
            }
        });
        return bad.isEmpty() ? "" : " (第 " + join(bad, count[0]) + " 行)";
    }

    /** Why an undecodable file is refused: which lines read as UTF-8 only, which as GBK only, which as neither. */
    static String mixed(byte[] bytes) {
        List<Integer> utf8Only = new ArrayList<>();
        List<Integer> gbkOnly = new ArrayList<>();
        List<Integer> neither = new ArrayList<>();
        int[] counts = new int[3];
        forEachLine(bytes, (n, line) -> {
            boolean u = strict(line, StandardCharsets.UTF_8) != null;
            boolean g = strict(line, GBK) != null;
            if (u && g) return; // ASCII, or both readings possible: says nothing
            List<Integer> to = u ? utf8Only : g ? gbkOnly : neither;
            int i = u ? 0 : g ? 1 : 2;
            counts[i]++;
            if (to.size() < 10) to.add(n);
        });
        StringBuilder sb = new StringBuilder();
        if (!utf8Only.isEmpty() && !gbkOnly.isEmpty()) {
            sb.append("文件中混有两种编码, 未上传: UTF-8 编码的行 (第 ").append(join(utf8Only, counts[0])).append(" 行), GBK 编码的行 (第 ")
                    .append(join(gbkOnly, counts[1])).append(" 行)");
        } else {
            sb.append("文件既不是 UTF-8 也不是 GBK 编码, 未上传");
        }
        if (!neither.isEmpty()) sb.append("; 无法识别的行 (第 ").append(join(neither, counts[2])).append(" 行)");
        return sb.append("。请在 Excel 中另存为 “CSV UTF-8” 后重新上传。").toString();
    }

    private static String join(List<Integer> lines, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) sb.append(i == 0 ? "" : ", ").append(lines.get(i));
        if (count > lines.size()) sb.append(" 等共 ").append(count).append(" 行");
        return sb.toString();
    }

    private interface LineVisitor {
        void line(int number, byte[] bytes);
    }

    /** Splits at LF (a CR before it stays with the line): both encodings keep 0x0A as the line feed only. */
    private static void forEachLine(byte[] bytes, LineVisitor v) {
        int start = 0;
        int n = 1;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i > start || i < bytes.length) v.line(n, java.util.Arrays.copyOfRange(bytes, start, i));
                n++;
                start = i + 1;
            }
        }
    }
}

package onestop.server.application.identity;

import static onestop.server.application.identity.RosterFixtures.DEPARTMENT;
import static onestop.server.application.identity.RosterFixtures.SOURCE;
import static onestop.server.application.identity.RosterFixtures.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The file size and row limits. */
class IdentityImportLimitsTest {

    static ImportPlan plan(String text, RosterFixtures.Lookup lookup) {
        return IdentityImport.plan(text, DEPARTMENT, SOURCE, TODAY, lookup);
    }

    /** {@code prefix} followed by lines of spaces (blank records) up to exactly {@code bytes} bytes of UTF-8. */
    static String padded(String prefix, long bytes) {
        long have = prefix.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder sb = new StringBuilder((int) bytes).append(prefix);
        String line = " ".repeat(1023) + "\n";
        while (have + line.length() <= bytes) {
            sb.append(line);
            have += line.length();
        }
        sb.append(" ".repeat((int) (bytes - have)));
        return sb.toString();
    }

    @Test
    void textOfExactly64MiBIsRead() {
        String text = padded("x,y\n", IdentityImport.MAX_BYTES);
        assertEquals(64L * 1024 * 1024, text.getBytes(StandardCharsets.UTF_8).length);
        ImportPlan plan = plan(text, new RosterFixtures.Lookup());
        assertEquals(List.of(new ImportProblem(1, "", "", "The row has 2 columns instead of 10.", ImportProblem.Kind.WRONG_COLUMN_COUNT)), plan.problems());
        assertEquals(1, plan.rows());
    }

    @Test
    void textOverTheLimitIsOneProblemOnLineZero() {
        String text = padded("x,y\n", IdentityImport.MAX_BYTES + 1);
        RosterFixtures.Lookup lookup = new RosterFixtures.Lookup();
        ImportPlan plan = plan(text, lookup);
        assertEquals(new ImportPlan(0, 0,
                List.of(new ImportProblem(0, "", "", "The file is larger than 64 MiB; nothing is imported.", ImportProblem.Kind.FILE_LIMIT)), Map.of()), plan);
        assertEquals(Map.of(), lookup.calls);
    }

    @Test
    void theLimitIsInBytesOfUtf8NotCharacters() {
        // 22,369,622 characters of three bytes each: 67,108,866 bytes
        String text = "中".repeat((int) (IdentityImport.MAX_BYTES / 3) + 1);
        assertEquals(List.of(new ImportProblem(0, "", "", "The file is larger than 64 MiB; nothing is imported.", ImportProblem.Kind.FILE_LIMIT)),
                plan(text, new RosterFixtures.Lookup()).problems());
        assertEquals(10, IdentityImport.utf8Length("a中\uD840\uDC00é"));
        assertEquals("a中\uD840\uDC00é".getBytes(StandardCharsets.UTF_8).length, IdentityImport.utf8Length("a中\uD840\uDC00é"));
    }

    static String rows(int n, boolean header) {
        StringBuilder sb = new StringBuilder();
        if (header) sb.append("乡镇,村,户主,户主身份证号,家庭人口,成员,成员身份证号,调整类型,调整日期,类别\n");
        for (int i = 0; i < n; i++) sb.append("x\n");
        return sb.toString();
    }

    @Test
    void twoHundredThousandRowsAreRead() {
        ImportPlan plan = plan(rows(IdentityImport.MAX_ROWS, true) + "\n\n", new RosterFixtures.Lookup());
        assertEquals(200_000, plan.rows());
        assertEquals(200_000, plan.problems().size());
        assertEquals(new ImportProblem(200_001, "", "", "The row has 1 columns instead of 10.", ImportProblem.Kind.WRONG_COLUMN_COUNT), plan.problems().get(199_999));
    }

    @Test
    void moreRowsAreOneProblemOnLineZero() {
        RosterFixtures.Lookup lookup = new RosterFixtures.Lookup();
        ImportPlan plan = plan(rows(IdentityImport.MAX_ROWS + 1, false), lookup);
        assertEquals(new ImportPlan(0, 0, List.of(new ImportProblem(0, "", "",
                "The file has more than 200000 data rows; nothing is imported.", ImportProblem.Kind.FILE_LIMIT)), Map.of()), plan);
        assertEquals(Map.of(), lookup.calls);
    }
}

package onestop.console.application;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;

/** A line diff of two policy texts, as the page shows it: hunks of context, removed and added lines with their numbers. */
public final class PolicyDiff {
    private PolicyDiff() {}

    /** @param kind "hunk", "same", "removed" or "added"; {@code oldLine}/{@code newLine} 0 where the line is not on that side */
    public record Line(String kind, int oldLine, int newLine, String text) {}

    public static List<Line> of(String older, String newer) {
        List<String> a = older.lines().toList();
        List<String> b = newer.lines().toList();
        Patch<String> patch = DiffUtils.diff(a, b);
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("a", "b", a, patch, 3);
        List<Line> out = new ArrayList<>();
        int oldN = 0;
        int newN = 0;
        for (String u : unified) {
            if (u.startsWith("---") || u.startsWith("+++")) continue;
            if (u.startsWith("@@")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("@@ -(\\d+)(?:,\\d+)? \\+(\\d+)").matcher(u);
                if (m.find()) {
                    oldN = Integer.parseInt(m.group(1));
                    newN = Integer.parseInt(m.group(2));
                }
                out.add(new Line("hunk", 0, 0, u));
            } else if (u.startsWith("-")) {
                out.add(new Line("removed", oldN++, 0, u.substring(1)));
            } else if (u.startsWith("+")) {
                out.add(new Line("added", 0, newN++, u.substring(1)));
            } else {
                out.add(new Line("same", oldN++, newN++, u.isEmpty() ? "" : u.substring(1)));
            }
        }
        return out;
    }
}

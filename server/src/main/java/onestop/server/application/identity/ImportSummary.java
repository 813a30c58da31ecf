package onestop.server.application.identity;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One roster import (validation runs included) as it is kept: its counts, whether it was applied, and how many of
 * its problems each kind had. Its problems are kept beside it, in file order, and read in pages.
 *
 * @param problemCount every problem found; {@code countsByKind} adds up to it
 * @param problemsKept how many of them are kept to be read back (all, up to {@link #MAX_KEPT_PROBLEMS})
 */
public record ImportSummary(String importId, String actor, String sourceName, String department, String mode, int rows,
                            int cleanRows, boolean applied, int appliedRows, int problemCount, int problemsKept,
                            Map<ImportProblem.Kind, Integer> countsByKind, long atMillis) {
    /** A report answers with this many problems at most; the rest are read with ListImportProblems. */
    public static final int FIRST_PROBLEMS = 1_000;
    /** Problems kept per import: a file at the row limit with a problem on every row, and room to spare. */
    public static final int MAX_KEPT_PROBLEMS = 1_000_000;

    public ImportSummary {
        Objects.requireNonNull(importId, "importId");
        Map<ImportProblem.Kind, Integer> copy = new EnumMap<>(ImportProblem.Kind.class);
        copy.putAll(countsByKind);
        countsByKind = Collections.unmodifiableMap(copy);
        if (countsByKind.values().stream().mapToInt(Integer::intValue).sum() != problemCount) {
            throw new IllegalArgumentException("counts by kind do not add up to " + problemCount);
        }
    }

    public static Map<ImportProblem.Kind, Integer> count(List<ImportProblem> problems) {
        Map<ImportProblem.Kind, Integer> counts = new EnumMap<>(ImportProblem.Kind.class);
        for (ImportProblem p : problems) counts.merge(p.kind(), 1, Integer::sum);
        return counts;
    }

    /** "EMPTY_FIELD=3;NOT_INSURED=1": how the counts are stored. */
    public String countsText() {
        StringBuilder b = new StringBuilder();
        countsByKind.forEach((k, n) -> b.append(b.length() == 0 ? "" : ";").append(k.name()).append('=').append(n));
        return b.toString();
    }

    public static Map<ImportProblem.Kind, Integer> parseCounts(String text) {
        Map<ImportProblem.Kind, Integer> counts = new EnumMap<>(ImportProblem.Kind.class);
        if (text == null || text.isEmpty()) return counts;
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            counts.put(ImportProblem.Kind.valueOf(part.substring(0, eq)), Integer.parseInt(part.substring(eq + 1)));
        }
        return counts;
    }
}

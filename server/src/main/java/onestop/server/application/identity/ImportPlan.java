package onestop.server.application.identity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.server.domain.IdentityPeriod;

/**
 * What importing a roster file would do, computed as if bad rows were skipped.
 *
 * @param rows                    data rows in the file (not counting the header and blank lines);
 *                                0 when the file is over a limit
 * @param cleanRows               data rows without any problem, i.e. those the plan applies
 * @param problems                every problem, in file order (line, then column order)
 * @param newIdentitiesByIdNumber for every person touched by a clean row (canonical ID number, in
 *                                the order first touched), their complete new identity list: the
 *                                stored periods in their stored order with any ends applied, then
 *                                the new periods in file order. Applying the plan is replacing
 *                                each of these persons' identities with the list.
 */
public record ImportPlan(int rows, int cleanRows, List<ImportProblem> problems,
                         Map<String, List<IdentityPeriod>> newIdentitiesByIdNumber) {
    public ImportPlan {
        problems = List.copyOf(problems);
        Map<String, List<IdentityPeriod>> copy = new LinkedHashMap<>();
        newIdentitiesByIdNumber.forEach((id, periods) -> copy.put(id, List.copyOf(periods)));
        newIdentitiesByIdNumber = Collections.unmodifiableMap(copy);
    }

    /** True when the file has no problem at all; only then may a plain APPLY go ahead. */
    public boolean isClean() {
        return problems.isEmpty();
    }
}

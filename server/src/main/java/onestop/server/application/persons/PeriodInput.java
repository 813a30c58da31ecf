package onestop.server.application.persons;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import onestop.engine.domain.Category;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.ResultCode;
import onestop.server.domain.IdentityPeriod;

/**
 * An identity period as a caller sent it (a person's {@code categories}), not yet checked.
 *
 * @param category null when the caller gave none or an unknown value
 * @param from     ISO date or empty (open)
 * @param to       ISO date or empty (open)
 */
public record PeriodInput(Category category, String from, String to) {
    public static final int MAX_PERIODS = 50;

    /** The periods checked, each named {@code field[i]}: a known category, real dates, none ending before it starts. */
    public static Outcome<List<IdentityPeriod>> check(String field, List<PeriodInput> periods, String department, String source) {
        if (periods.size() > MAX_PERIODS) {
            return Outcome.rejected(ResultCode.INVALID_ARGUMENT, field, "more than " + MAX_PERIODS + " identity periods");
        }
        List<IdentityPeriod> checked = new ArrayList<>(periods.size());
        for (int i = 0; i < periods.size(); i++) {
            String f = field + "[" + i + "]";
            PeriodInput p = periods.get(i);
            if (p.category() == null) return Outcome.rejected(ResultCode.UNKNOWN_CATEGORY, f + ".category", f + ".category is not a known identity");
            Outcome<LocalDate> from = onestop.server.application.Checks.optionalDate(f + ".from", p.from());
            if (!from.isOk()) return Outcome.rejected(from.rejection());
            Outcome<LocalDate> to = onestop.server.application.Checks.optionalDate(f + ".to", p.to());
            if (!to.isOk()) return Outcome.rejected(to.rejection());
            if (from.value() != null && to.value() != null && to.value().isBefore(from.value())) {
                return Outcome.rejected(ResultCode.INVALID_DATE, f + ".to", f + " ends before it starts");
            }
            checked.add(new IdentityPeriod(p.category(), from.value(), to.value(), department, source));
        }
        return Outcome.ok(List.copyOf(checked));
    }
}

package onestop.server.application.reports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import onestop.engine.application.Inputs;
import onestop.engine.domain.Outcome;
import onestop.server.application.ports.Store;
import onestop.server.application.settlement.LedgerService;
import onestop.server.domain.Caller;
import onestop.server.domain.FundTotals;
import onestop.server.domain.StoredSettlement;

/** 对账: a hospital's daily counts and sums per fund, and the day's settlements, to match its own books. */
public final class Reconciliation {
    /** Settlements are streamed in pages of this many, so a large day never sits in memory at once. */
    static final int STREAM_PAGE = 500;

    private final Store store;

    public Reconciliation(Store store) {
        this.store = store;
    }

    public record Day(String hospitalCode, LocalDate date) {}

    public Outcome<Day> day(Caller caller, String hospitalCode, String date) {
        Outcome<String> hospital = LedgerService.hospitalFor(caller, hospitalCode);
        if (!hospital.isOk()) return Outcome.rejected(hospital.rejection());
        Outcome<LocalDate> day = Inputs.date("date", date);
        if (!day.isOk()) return Outcome.rejected(day.rejection());
        return Outcome.ok(new Day(hospital.value(), day.value()));
    }

    public FundTotals summary(Day day) {
        return store.read(tx -> tx.dailyTotals(day.hospitalCode(), day.date()));
    }

    /** Hands every settlement of the day, settled and reversed, in commit order, to {@code sink}. */
    public void settlements(Day day, Consumer<StoredSettlement> sink) {
        long afterMillis = -1;
        String afterId = "";
        while (true) {
            long am = afterMillis;
            String ai = afterId;
            List<StoredSettlement> page = new ArrayList<>(store.read(tx -> tx.settlementsOfDay(day.hospitalCode(), day.date(), ai, am, STREAM_PAGE)));
            page.forEach(sink);
            if (page.size() < STREAM_PAGE) return;
            StoredSettlement last = page.get(page.size() - 1);
            afterMillis = last.settledAtMillis();
            afterId = last.settlementId();
        }
    }
}

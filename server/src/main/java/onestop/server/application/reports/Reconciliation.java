package onestop.server.application.reports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import onestop.engine.application.Inputs;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.server.application.Checks;
import onestop.server.application.Paging;
import onestop.server.application.Roles;
import onestop.server.application.ports.Store;
import onestop.server.application.settlement.LedgerService;
import onestop.server.domain.Caller;
import onestop.server.domain.FundTotals;
import onestop.server.domain.OfflineTotals;
import onestop.server.domain.SettlementQuery;
import onestop.server.domain.StoredSettlement;

/**
 * 对账: a hospital's daily counts and sums per fund, and the day's settlements, to match its own books; and the
 * settlements agents made offline whose authoritative result differs from what the patient paid at the counter.
 */
public final class Reconciliation {
    /** Settlements are streamed in pages of this many, so a large day never sits in memory at once. */
    static final int STREAM_PAGE = 500;
    public static final int MAX_PAGE_SIZE = 500;
    public static final int DEFAULT_PAGE_SIZE = 100;

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

    /** The day's sums per fund, and its settlements forwarded from agents' offline journals. */
    public record Summary(FundTotals funds, OfflineTotals offline) {}

    public Summary summary(Day day) {
        return store.read(tx -> new Summary(tx.dailyTotals(day.hospitalCode(), day.date()), tx.offlineTotals(day.hospitalCode(), day.date())));
    }

    public static final int MAX_SUMMARIES_PAGE = 1_000;
    public static final int DEFAULT_SUMMARIES_PAGE = 500;
    private static final OfflineTotals NO_OFFLINE = new OfflineTotals(0, 0, 0, 0);

    /**
     * {@link #summary} of every hospital with settlements (standing or reversed) of one date, by code, paged: for the
     * office (ADMIN, AUDITOR). Two queries a page, whatever its size: the sums per hospital, the offline figures per hospital.
     */
    public Outcome<Paging.Page<Summary>> summaries(Caller caller, String date, int pageSize, String pageToken) {
        Rejection denied = Roles.allow(caller, Roles.READERS, "the day's summaries of every hospital");
        if (denied != null) return Outcome.rejected(denied);
        Outcome<LocalDate> day = Inputs.date("date", date);
        if (!day.isOk()) return Outcome.rejected(day.rejection());
        Outcome<Integer> size = Paging.size("page_size", pageSize, DEFAULT_SUMMARIES_PAGE, MAX_SUMMARIES_PAGE);
        if (!size.isOk()) return Outcome.rejected(size.rejection());
        Outcome<String[]> after = Paging.key("page_token", pageToken, 1);
        if (!after.isOk()) return Outcome.rejected(after.rejection());
        String afterCode = after.value().length == 0 ? "" : after.value()[0];
        if (!afterCode.isEmpty() && Checks.hospitalCode("page_token", afterCode) != null) {
            return Outcome.rejected(Checks.invalid("page_token", "page_token is not one this server gave"));
        }
        LocalDate d = day.value();
        return Outcome.ok(store.read(tx -> {
            Paging.Page<FundTotals> page = Paging.of(tx.totalsByHospital(d, d, true, afterCode, size.value() + 1), size.value(),
                    t -> Paging.token(t.hospitalCode()));
            if (page.items().isEmpty()) return new Paging.Page<Summary>(List.of(), "");
            Map<String, OfflineTotals> offline = tx.offlineTotalsByHospital(d, page.items().get(0).hospitalCode(),
                    page.items().get(page.items().size() - 1).hospitalCode());
            return new Paging.Page<>(page.items().stream().map(t -> new Summary(t, offline.getOrDefault(t.hospitalCode(), NO_OFFLINE)))
                    .toList(), page.nextPageToken());
        }));
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

    /**
     * The day's settlements (not reversed) that agents made offline and whose authoritative result differs from the
     * provisional one, each with its provisional result, in commit order, paged. A hospital sees its own; the office
     * (ADMIN, AUDITOR) names a hospital, or every hospital with an empty {@code hospitalCode}.
     */
    public Outcome<Paging.Page<StoredSettlement>> offlineDifferences(Caller caller, String hospitalCode, String date, int pageSize,
                                                                     String pageToken) {
        String requested = hospitalCode == null ? "" : hospitalCode;
        Rejection denied = caller.isHospital() ? null : Roles.allow(caller, Roles.READERS, "offline differences");
        if (denied != null) return Outcome.rejected(denied);
        Outcome<String> hospital;
        if (caller.isHospital()) {
            hospital = LedgerService.hospitalFor(caller, requested);
        } else {
            hospital = requested.isEmpty() ? Outcome.ok("") : LedgerService.hospitalFor(caller, requested);
        }
        if (!hospital.isOk()) return Outcome.rejected(hospital.rejection());
        Outcome<LocalDate> day = Inputs.date("date", date);
        if (!day.isOk()) return Outcome.rejected(day.rejection());
        Outcome<Integer> size = Paging.size("page_size", pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
        if (!size.isOk()) return Outcome.rejected(size.rejection());
        Outcome<SettlementQuery.Key> after = Paging.settlementKey("page_token", pageToken, new SettlementQuery.Key(-1, "", ""));
        if (!after.isOk()) return Outcome.rejected(after.rejection());
        SettlementQuery.Key a = after.value();
        List<StoredSettlement> rows = store.read(tx -> tx.offlineDifferences(hospital.value(), day.value(), a.settledAtMillis(),
                a.hospitalCode(), a.settlementId(), size.value() + 1));
        return Outcome.ok(Paging.of(rows, size.value(), Paging::settlementToken));
    }
}

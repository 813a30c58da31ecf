package onestop.server.application.office;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import onestop.engine.application.Inputs;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.server.application.Checks;
import onestop.server.application.Hashing;
import onestop.server.application.OncePerRequest;
import onestop.server.application.Paging;
import onestop.server.application.Roles;
import onestop.server.application.agents.AgentDirectory;
import onestop.server.application.policy.PolicyRegistry;
import onestop.server.application.ports.Store;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.FundTotals;
import onestop.server.domain.PersonRecord;
import onestop.server.domain.PolicyDocument;
import onestop.server.domain.SettlementQuery;
import onestop.server.domain.StoredSettlement;

/**
 * The city office's console beyond AdminService: the dashboard, every hospital's settlements searched, a policy's
 * stored versions, a patient's full ID number shown on an audited request, and a hospital agent's token. Each call
 * checks the caller's role first ({@link Roles}), then its fields, each failure naming its field.
 */
public final class OfficeService {
    /** The dashboard's chart: this many days, ending at the day asked for. */
    public static final int CHART_DAYS = 30;
    public static final int DASHBOARD_AGENTS = 50;
    /** A search's dates: to_date at most this many days after from_date. */
    public static final int MAX_SEARCH_DAYS = 366;
    public static final int MAX_SEARCH_PAGE = 200;
    public static final int DEFAULT_SEARCH_PAGE = 50;
    public static final int MAX_REASON_CHARS = 200;
    public static final int MAX_TOKEN_DAYS = 730;
    public static final int DEFAULT_TOKEN_DAYS = 365;

    private final Store store;
    private final AgentDirectory agents;
    private final TokenService tokens;
    private final Clock clock;
    private final OncePerRequest once;

    public OfficeService(Store store, AgentDirectory agents, TokenService tokens, Clock clock) {
        this.store = store;
        this.agents = agents;
        this.tokens = tokens;
        this.clock = clock;
        this.once = new OncePerRequest(store, clock);
    }

    // ---- 首页 ----

    /** One day's sums of every hospital. */
    public record Day(LocalDate date, FundTotals totals) {}

    /**
     * @param month   the calendar month of {@code date}, up to and including it
     * @param chart   {@link #CHART_DAYS} days, oldest first, ending at {@code date} (zeros where none)
     */
    public record Dashboard(LocalDate date, FundTotals today, FundTotals month, List<Day> chart, int alertsInQuarter,
                            AgentDirectory.Overview agents, int offlineDifferingInChart) {}

    /** The dashboard as of {@code date}, the office's "today": each figure one query (sums by the settlement date). */
    public Outcome<Dashboard> dashboard(Caller caller, String date) {
        Rejection denied = Roles.allow(caller, Roles.OFFICE, "the dashboard");
        if (denied != null) return Outcome.rejected(denied);
        Outcome<LocalDate> day = Inputs.date("date", date);
        if (!day.isOk()) return Outcome.rejected(day.rejection());
        LocalDate d = day.value();
        LocalDate chartFrom = d.minusDays(CHART_DAYS - 1L);
        LocalDate quarterFrom = d.withDayOfMonth(1).withMonth((d.getMonthValue() - 1) / 3 * 3 + 1);
        AgentDirectory.Overview counters = agents.overview(DASHBOARD_AGENTS);
        return Outcome.ok(store.read(tx -> {
            FundTotals today = tx.totals(d, d);
            FundTotals month = tx.totals(d.withDayOfMonth(1), d);
            SortedMap<LocalDate, FundTotals> byDate = tx.totalsByDate(chartFrom, d);
            List<Day> chart = new ArrayList<>(CHART_DAYS);
            for (LocalDate x = chartFrom; !x.isAfter(d); x = x.plusDays(1)) chart.add(new Day(x, byDate.getOrDefault(x, NONE)));
            int alerts = tx.alertCount(quarterFrom, quarterFrom.plusMonths(3).minusDays(1));
            int differing = tx.offlineDifferingCount(chartFrom, d);
            return new Dashboard(d, today, month, List.copyOf(chart), alerts, counters, differing);
        }));
    }

    private static final FundTotals NONE = new FundTotals("", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    // ---- 政策 ----

    /** The stored versions of a policy, most recently loaded first; none for an id never stored. */
    public Outcome<List<PolicyDocument>> policyVersions(Caller caller, String policyId) {
        Rejection denied = Roles.allow(caller, Roles.READERS, "a policy's versions");
        if (denied == null) denied = Checks.policyId("policy_id", policyId);
        if (denied != null) return Outcome.rejected(denied);
        return Outcome.ok(store.read(tx -> tx.policyVersions(policyId, PolicyRegistry.MAX_VERSIONS)));
    }

    // ---- 结算查询 ----

    public record SearchPage(List<StoredSettlement> settlements, String nextPageToken, int matched) {}

    /**
     * Settlements of every hospital (or one), dated in [from, to] (at most {@link #MAX_SEARCH_DAYS} apart), of one person
     * and one status when given, newest commit first, paged; {@code matched} counts them all.
     *
     * @param status "" for both, else SETTLED or REVERSED
     */
    public Outcome<SearchPage> search(Caller caller, String hospitalCode, String fromDate, String toDate, String idNumber, String status,
                                      int pageSize, String pageToken) {
        Rejection denied = Roles.allow(caller, Roles.READERS, "searching settlements");
        if (denied != null) return Outcome.rejected(denied);
        Outcome<SettlementQuery> query = query(hospitalCode, fromDate, toDate, idNumber, status);
        if (!query.isOk()) return Outcome.rejected(query.rejection());
        Outcome<Integer> size = Paging.size("page_size", pageSize, DEFAULT_SEARCH_PAGE, MAX_SEARCH_PAGE);
        if (!size.isOk()) return Outcome.rejected(size.rejection());
        Outcome<SettlementQuery.Key> before = Paging.settlementKey("page_token", pageToken, SettlementQuery.Key.FIRST);
        if (!before.isOk()) return Outcome.rejected(before.rejection());
        SettlementQuery q = query.value();
        return Outcome.ok(store.read(tx -> {
            Paging.Page<StoredSettlement> page = Paging.of(tx.searchSettlements(q, before.value(), size.value() + 1), size.value(),
                    Paging::settlementToken);
            return new SearchPage(page.items(), page.nextPageToken(), tx.countSettlements(q));
        }));
    }

    private static Outcome<SettlementQuery> query(String hospitalCode, String fromDate, String toDate, String idNumber, String status) {
        String hospital = hospitalCode == null ? "" : hospitalCode;
        Rejection bad = hospital.isEmpty() ? null : Checks.hospitalCode("hospital_code", hospital);
        if (bad != null) return Outcome.rejected(bad);
        Outcome<LocalDate> from = Inputs.date("from_date", fromDate);
        if (!from.isOk()) return Outcome.rejected(from.rejection());
        Outcome<LocalDate> to = Inputs.date("to_date", toDate);
        if (!to.isOk()) return Outcome.rejected(to.rejection());
        long days = ChronoUnit.DAYS.between(from.value(), to.value());
        if (days < 0 || days > MAX_SEARCH_DAYS) {
            return Outcome.rejected(Checks.invalid("to_date", "to_date must be from from_date " + from.value()
                    + " to " + MAX_SEARCH_DAYS + " days after it, got " + to.value()));
        }
        String person = "";
        if (idNumber != null && !idNumber.isEmpty()) {
            Outcome<String> id = Checks.idNumber("id_number", idNumber);
            if (!id.isOk()) return Outcome.rejected(id.rejection());
            person = id.value();
        }
        StoredSettlement.Status s = null;
        if (status != null && !status.isEmpty()) {
            if (!status.equals("SETTLED") && !status.equals("REVERSED")) {
                return Outcome.rejected(Checks.invalid("status", "status must be SETTLED, REVERSED or unspecified (both)"));
            }
            s = StoredSettlement.Status.valueOf(status);
        }
        return Outcome.ok(new SettlementQuery(hospital, from.value(), to.value(), person, s));
    }

    /** A patient's full ID number and name. */
    public record Revealed(String idNumber, String name) {}

    /**
     * The full ID number behind a settlement, for ADMIN only, with a reason: the audit line (who, which settlement, the
     * masked number, why) commits before the answer is given.
     */
    public Outcome<Revealed> reveal(Caller caller, String hospitalCode, String settlementId, String reason) {
        Rejection bad = Roles.allow(caller, Roles.ADMIN, "showing a full ID number");
        if (bad == null) bad = Checks.hospitalCode("hospital_code", hospitalCode);
        if (bad == null) bad = Checks.settlementId("settlement_id", settlementId);
        if (bad == null) bad = Checks.text("reason", reason, MAX_REASON_CHARS, true);
        if (bad != null) return Outcome.rejected(bad);
        return store.write(tx -> {
            Optional<StoredSettlement> s = tx.settlement(hospitalCode, settlementId);
            if (s.isEmpty()) {
                return Outcome.rejected(ResultCode.UNKNOWN_SETTLEMENT, "settlement_id",
                        "no settlement " + settlementId + " of hospital " + hospitalCode);
            }
            String id = s.get().idNumber();
            String name = tx.person(id).map(PersonRecord::name).orElse("");
            tx.audit(clock.millis(), caller.name(), "reveal-id-number", hospitalCode + "/" + settlementId + " " + IdNumber.mask(id),
                    reason.strip());
            return Outcome.ok(new Revealed(id, name));
        });
    }

    // ---- 医疗机构 ----

    public record AgentToken(String token, long expiresAtMillis) {}

    /**
     * A bearer token for a registered hospital's agent, valid {@code validDays} (0: {@link #DEFAULT_TOKEN_DAYS}). Once
     * per request id: a repeat answers the same token (signed again from the hospital and the expiry kept with the
     * request, so the token itself is stored nowhere). Audited without the token.
     */
    public Outcome<AgentToken> issueAgentToken(Caller caller, String requestId, String hospitalCode, int validDays) {
        Rejection bad = Roles.allow(caller, Roles.ADMIN, "issuing an agent's token");
        if (bad == null) bad = Checks.hospitalCode("hospital_code", hospitalCode);
        if (bad == null && (validDays < 0 || validDays > MAX_TOKEN_DAYS)) {
            bad = Checks.invalid("valid_days", "valid_days must be 1 to " + MAX_TOKEN_DAYS + " (0: " + DEFAULT_TOKEN_DAYS + "), got " + validDays);
        }
        if (bad != null) return Outcome.rejected(bad);
        int days = validDays == 0 ? DEFAULT_TOKEN_DAYS : validDays;
        Caller agent = Caller.hospital(hospitalCode);
        String hash = Hashing.sha256(Hashing.canonical("issue-agent-token", hospitalCode, days));
        return once.run(caller, requestId, "issue-agent-token", hash, tx -> {
            if (tx.hospital(hospitalCode).isEmpty()) {
                return Outcome.rejected(ResultCode.HOSPITAL_NOT_FOUND, "hospital_code", "hospital " + hospitalCode + " is not registered");
            }
            long now = clock.millis();
            long expires = Math.addExact(now, Duration.ofDays(days).toMillis());
            tx.audit(now, caller.name(), "issue-agent-token", hospitalCode, "valid " + days + " days, until " + Instant.ofEpochMilli(expires));
            return Outcome.ok(new AgentToken(tokens.issueUntil(agent, expires), expires));
        }, (tx, ref) -> new AgentToken(tokens.issueUntil(agent, Long.parseLong(ref)), Long.parseLong(ref)),
                t -> Long.toString(t.expiresAtMillis()));
    }
}

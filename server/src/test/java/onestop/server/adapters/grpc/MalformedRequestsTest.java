package onestop.server.adapters.grpc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.micronaut.grpc.annotation.GrpcChannel;
import io.micronaut.grpc.server.GrpcServerChannel;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import onestop.server.adapters.persistence.Database;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;
import onestop.server.testing.Ids;
import onestop.server.testing.ServerFixture;
import onestop.v1.CheckEligibilityRequest;
import onestop.v1.DashboardRequest;
import onestop.v1.IssueAgentTokenRequest;
import onestop.v1.ListDailySummariesRequest;
import onestop.v1.ListPolicyVersionsRequest;
import onestop.v1.OfficeServiceGrpc;
import onestop.v1.RevealIdNumberRequest;
import onestop.v1.SearchSettlementsRequest;
import onestop.v1.TryBillsRequest;
import onestop.v1.DailySummaryRequest;
import onestop.v1.Document;
import onestop.v1.GetPersonRequest;
import onestop.v1.GetSettlementRequest;
import onestop.v1.HospitalLevel;
import onestop.v1.ListSettlementsRequest;
import onestop.v1.PersonServiceGrpc;
import onestop.v1.PolicySnapshotRequest;
import onestop.v1.ReconciliationServiceGrpc;
import onestop.v1.ReverseRequest;
import onestop.v1.RosterRequest;
import onestop.v1.SettleRequest;
import onestop.v1.SettlementServiceGrpc;
import onestop.v1.SyncServiceGrpc;
import onestop.v1.Visit;
import onestop.v1.VisitType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input: a corpus of malformed requests (amounts, ID numbers, dates, unknown enum numbers,
 * missing fields, huge strings, odd Unicode, page tokens, ranges) sent in process through the real
 * interceptor, endpoints and store. Each must be answered INVALID_ARGUMENT with the expected
 * ErrorInfo reason and exactly the expected BadRequest field, a short message that echoes at most
 * 40 characters of any input and no control or bidi-override character, and must leave the tables
 * settlements, requests, accumulators and audit exactly as they were. Afterwards the server still
 * answers valid calls.
 *
 * <p>Cases marked "was a bug, fixed" failed when the corpus was first run and now guard their fix.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestsTest implements TestPropertyProvider {
    static final String HOSPITAL = "H341002001";           // TERTIARY, county 341002
    static final String PERSON = "341002195603121237";     // demo: RESIDENT, 2024, MINIMUM_LIVING
    static final String OTHER_PERSON = "34100219800101004X"; // demo: RESIDENT, 2024
    static final String DATE = "2024-06-10";
    static final List<String> TABLES = List.of("settlements", "provisional_settlements", "requests", "accumulators", "audit");
    static final int MAX_MESSAGE_CHARS = 300;
    static final int MAX_ECHO_CHARS = 40;

    // reasons (ErrorInfo.reason)
    static final String INVALID_AMOUNT = "INVALID_AMOUNT";
    static final String INVALID_ID_NUMBER = "INVALID_ID_NUMBER";
    static final String INVALID_DATE = "INVALID_DATE";
    static final String UNKNOWN_VISIT_TYPE = "UNKNOWN_VISIT_TYPE";
    static final String UNKNOWN_HOSPITAL_LEVEL = "UNKNOWN_HOSPITAL_LEVEL";
    static final String UNKNOWN_SPECIAL_DISEASE = "UNKNOWN_SPECIAL_DISEASE";
    static final String UNKNOWN_DOCUMENT = "UNKNOWN_DOCUMENT";
    static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";

    /** Bidirectional formatting characters: echoed into a message or a log line they reorder what a reader sees. */
    static final Set<Integer> BIDI = Set.of(0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
            0x2066, 0x2067, 0x2068, 0x2069);

    static final String KB10 = "9".repeat(10 * 1024);
    static final String KB100 = "r".repeat(100 * 1024);
    static final String MB1 = "S".repeat(1024 * 1024);

    @Inject
    @GrpcChannel(GrpcServerChannel.NAME)
    ManagedChannel channel;

    @Inject
    TokenService tokens;

    @Inject
    Database db;

    @Override
    public Map<String, String> getProperties() {
        return onestop.server.testing.DemoServerProperties.fresh("malformed-test");
    }

    // ---------------------------------------------------------------- calls

    static CallCredentials bearer(String token) {
        return GrpcApiTest.bearer(token);
    }

    CallCredentials creds(Caller caller) {
        return bearer(tokens.issue(caller, 600_000));
    }

    static final Caller HOSPITAL_CALLER = Caller.hospital(HOSPITAL);
    static final Caller AUDITOR = Caller.office("auditor1", Role.AUDITOR);
    static final Caller ADMIN = Caller.office("admin1", Role.ADMIN);

    SettlementServiceGrpc.SettlementServiceBlockingStub settlements(Caller c) {
        return SettlementServiceGrpc.newBlockingStub(channel).withCallCredentials(creds(c)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    PersonServiceGrpc.PersonServiceBlockingStub persons(Caller c) {
        return PersonServiceGrpc.newBlockingStub(channel).withCallCredentials(creds(c)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    ReconciliationServiceGrpc.ReconciliationServiceBlockingStub reconciliation(Caller c) {
        return ReconciliationServiceGrpc.newBlockingStub(channel).withCallCredentials(creds(c)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    SyncServiceGrpc.SyncServiceBlockingStub sync(Caller c) {
        return SyncServiceGrpc.newBlockingStub(channel).withCallCredentials(creds(c)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    static List<Object> drain(java.util.Iterator<?> it) {
        List<Object> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }

    /** One RPC as a function of its request, for a caller. */
    enum Rpc {
        SETTLE, PRE_SETTLE, REVERSE, GET_SETTLEMENT, LIST_SETTLEMENTS, GET_PERSON, CHECK_ELIGIBILITY,
        GET_DAILY_SUMMARY, STREAM_DAILY_SETTLEMENTS, STREAM_ROSTER, GET_POLICY_SNAPSHOT,
        DASHBOARD, POLICY_VERSIONS, TRY_BILLS, SEARCH_SETTLEMENTS, REVEAL_ID_NUMBER, ISSUE_AGENT_TOKEN, LIST_DAILY_SUMMARIES
    }

    OfficeServiceGrpc.OfficeServiceBlockingStub office(Caller c) {
        return OfficeServiceGrpc.newBlockingStub(channel).withCallCredentials(creds(c)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    Object invoke(Rpc rpc, Caller c, Message r) {
        return switch (rpc) {
            case SETTLE -> settlements(c).settle((SettleRequest) r);
            case PRE_SETTLE -> settlements(c).preSettle((SettleRequest) r);
            case REVERSE -> settlements(c).reverse((ReverseRequest) r);
            case GET_SETTLEMENT -> settlements(c).getSettlement((GetSettlementRequest) r);
            case LIST_SETTLEMENTS -> settlements(c).listSettlements((ListSettlementsRequest) r);
            case GET_PERSON -> persons(c).getPerson((GetPersonRequest) r);
            case CHECK_ELIGIBILITY -> persons(c).checkEligibility((CheckEligibilityRequest) r);
            case GET_DAILY_SUMMARY -> reconciliation(c).getDailySummary((DailySummaryRequest) r);
            case STREAM_DAILY_SETTLEMENTS -> drain(reconciliation(c).streamDailySettlements((DailySummaryRequest) r));
            case STREAM_ROSTER -> drain(sync(c).streamRoster((RosterRequest) r));
            case GET_POLICY_SNAPSHOT -> sync(c).getPolicySnapshot((PolicySnapshotRequest) r);
            case DASHBOARD -> office(c).getDashboard((DashboardRequest) r);
            case POLICY_VERSIONS -> office(c).listPolicyVersions((ListPolicyVersionsRequest) r);
            case TRY_BILLS -> office(c).tryBills((TryBillsRequest) r);
            case SEARCH_SETTLEMENTS -> office(c).searchSettlements((SearchSettlementsRequest) r);
            case REVEAL_ID_NUMBER -> office(c).revealIdNumber((RevealIdNumberRequest) r);
            case ISSUE_AGENT_TOKEN -> office(c).issueAgentToken((IssueAgentTokenRequest) r);
            case LIST_DAILY_SUMMARIES -> office(c).listDailySummaries((ListDailySummariesRequest) r);
        };
    }

    // ---------------------------------------------------------------- the corpus

    /**
     * One malformed request and what the server must answer: INVALID_ARGUMENT, {@code reason} in
     * ErrorInfo, exactly {@code field} in BadRequest; {@code mustContain}, when set, in the message.
     */
    record Case(String name, Rpc rpc, Caller caller, Message request, String reason, String field, String mustContain) {}

    private final List<Case> corpus = new ArrayList<>();
    private int seq;

    private void add(String name, Rpc rpc, Message request, String reason, String field) {
        corpus.add(new Case(name, rpc, HOSPITAL_CALLER, request, reason, field, null));
    }

    private void addAs(Caller caller, String name, Rpc rpc, Message request, String reason, String field) {
        corpus.add(new Case(name, rpc, caller, request, reason, field, null));
    }

    private void addContaining(String name, Rpc rpc, Message request, String reason, String field, String mustContain) {
        corpus.add(new Case(name, rpc, HOSPITAL_CALLER, request, reason, field, mustContain));
    }

    /** A settle request that would be accepted (the controls below check it), with a fresh request and settlement id. */
    private SettleRequest.Builder validSettle() {
        int n = ++seq;
        return SettleRequest.newBuilder().setRequestId("mal-" + n).setIdNumber(PERSON)
                .setVisit(Visit.newBuilder().setSettlementId("MAL-" + n).setDate(DATE).setType(VisitType.INPATIENT)
                        .setTotalFen(1_000_000));
    }

    private SettleRequest settle(Consumer<SettleRequest.Builder> change) {
        SettleRequest.Builder b = validSettle();
        change.accept(b);
        return b.build();
    }

    private SettleRequest visit(Consumer<Visit.Builder> change) {
        SettleRequest.Builder b = validSettle();
        change.accept(b.getVisitBuilder());
        return b.build();
    }

    private ReverseRequest reverse(String requestId, String settlementId, String reason) {
        return ReverseRequest.newBuilder().setRequestId(requestId).setSettlementId(settlementId).setReason(reason).build();
    }

    private ReverseRequest reverse(String requestId, String settlementId) {
        return reverse(requestId, settlementId, "重复收费");
    }

    private static GetPersonRequest person(String id) {
        return GetPersonRequest.newBuilder().setIdNumber(id).build();
    }

    private static CheckEligibilityRequest.Builder eligibility() {
        return CheckEligibilityRequest.newBuilder().setIdNumber(PERSON).setDate(DATE).setDocument(Document.ID_CARD);
    }

    private static ListSettlementsRequest.Builder list() {
        return ListSettlementsRequest.newBuilder().setDate(DATE).setPageSize(10);
    }

    private static DailySummaryRequest daily(String date) {
        return DailySummaryRequest.newBuilder().setDate(date).build();
    }

    private static RosterRequest.Builder roster() {
        return RosterRequest.newBuilder().setArea("3410").setMaxPersons(10);
    }

    private static PolicySnapshotRequest region(String region) {
        return PolicySnapshotRequest.newBuilder().setRegion(region).build();
    }

    private static String token(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private void buildCorpus() {
        corpus.clear();
        amounts();
        idNumbers();
        dates();
        unknownEnums();
        missingFields();
        hugeStrings();
        oddUnicodeInIds();
        idsOfWrongShape();
        paging();
        rosterAndRegions();
        officeCallers();
        officeConsole();
        other();
    }

    private void amounts() {
        final String total = "visit.total_fen", oos = "visit.out_of_scope_fen", prior = "visit.prior_self_pay_fen";
        add("settle total -1 fen", Rpc.SETTLE, visit(v -> v.setTotalFen(-1)), INVALID_AMOUNT, total);
        add("settle total -100000000000 fen", Rpc.SETTLE, visit(v -> v.setTotalFen(-100_000_000_000L)), INVALID_AMOUNT, total);
        add("settle total 100000000001 fen (1e9 yuan + 0.01)", Rpc.SETTLE, visit(v -> v.setTotalFen(100_000_000_001L)), INVALID_AMOUNT, total);
        add("settle total 1e12 fen", Rpc.SETTLE, visit(v -> v.setTotalFen(1_000_000_000_000L)), INVALID_AMOUNT, total);
        add("settle total Long.MAX_VALUE", Rpc.SETTLE, visit(v -> v.setTotalFen(Long.MAX_VALUE)), INVALID_AMOUNT, total);
        // was a bug, fixed: Money.format(Long.MIN_VALUE) overflows Math.abs and prints "--92233720368547758.0-8"
        addContaining("settle total Long.MIN_VALUE", Rpc.SETTLE, visit(v -> v.setTotalFen(Long.MIN_VALUE)), INVALID_AMOUNT, total,
                "got -92233720368547758.08");
        add("settle out_of_scope -1", Rpc.SETTLE, visit(v -> v.setOutOfScopeFen(-1)), INVALID_AMOUNT, oos);
        add("settle out_of_scope Long.MAX_VALUE", Rpc.SETTLE, visit(v -> v.setOutOfScopeFen(Long.MAX_VALUE)), INVALID_AMOUNT, oos);
        add("settle out_of_scope 100000000001", Rpc.SETTLE, visit(v -> v.setTotalFen(100_000_000_000L).setOutOfScopeFen(100_000_000_001L)),
                INVALID_AMOUNT, oos);
        add("settle prior_self_pay -1", Rpc.SETTLE, visit(v -> v.setPriorSelfPayFen(-1)), INVALID_AMOUNT, prior);
        add("settle prior_self_pay Long.MIN_VALUE", Rpc.SETTLE, visit(v -> v.setPriorSelfPayFen(Long.MIN_VALUE)), INVALID_AMOUNT, prior);
        add("settle prior_self_pay 100000000001", Rpc.SETTLE, visit(v -> v.setPriorSelfPayFen(100_000_000_001L)), INVALID_AMOUNT, prior);
        add("settle out_of_scope exceeds total", Rpc.SETTLE, visit(v -> v.setTotalFen(1000).setOutOfScopeFen(1001)), INVALID_AMOUNT, oos);
        // out-of-scope fits in the total; the prior self-pay added to it does not: that is the field named
        add("settle out_of_scope + prior_self_pay exceed total", Rpc.SETTLE,
                visit(v -> v.setTotalFen(1000).setOutOfScopeFen(600).setPriorSelfPayFen(401)), INVALID_AMOUNT, prior);
        add("settle prior_self_pay alone exceeds total", Rpc.SETTLE, visit(v -> v.setTotalFen(1000).setPriorSelfPayFen(1001)),
                INVALID_AMOUNT, prior);
        add("settle parts of 1e9 yuan each on a total of 0", Rpc.SETTLE,
                visit(v -> v.setTotalFen(0).setOutOfScopeFen(100_000_000_000L).setPriorSelfPayFen(100_000_000_000L)), INVALID_AMOUNT, oos);
        add("pre-settle total -1", Rpc.PRE_SETTLE, visit(v -> v.setTotalFen(-1)), INVALID_AMOUNT, total);
        add("pre-settle total Long.MAX_VALUE", Rpc.PRE_SETTLE, visit(v -> v.setTotalFen(Long.MAX_VALUE)), INVALID_AMOUNT, total);
        add("pre-settle out_of_scope exceeds total", Rpc.PRE_SETTLE, visit(v -> v.setTotalFen(5).setOutOfScopeFen(6)), INVALID_AMOUNT, oos);
        add("pre-settle prior_self_pay -100", Rpc.PRE_SETTLE, visit(v -> v.setPriorSelfPayFen(-100)), INVALID_AMOUNT, prior);
    }

    private void idNumbers() {
        final String f = "id_number";
        String feb30 = Ids.id("341002", "19800230", 1);
        String month13 = Ids.id("341002", "19801301", 1);
        String day00 = Ids.id("341002", "19800100", 1);
        String feb29of1900 = Ids.id("341002", "19000229", 1);
        String apr31 = Ids.id("341002", "19800431", 1);
        String month00 = Ids.id("341002", "19800001", 1);
        add("settle id: wrong check character", Rpc.SETTLE, settle(b -> b.setIdNumber("341002195603121230")), INVALID_ID_NUMBER, f);
        add("settle id: 15-digit legacy number", Rpc.SETTLE, settle(b -> b.setIdNumber("341002560312123")), INVALID_ID_NUMBER, f);
        add("settle id: birth date Feb 30 (check character right)", Rpc.SETTLE, settle(b -> b.setIdNumber(feb30)), INVALID_ID_NUMBER, f);
        add("settle id: empty", Rpc.SETTLE, settle(b -> b.setIdNumber("")), INVALID_ID_NUMBER, f);
        add("settle id: 10 KB", Rpc.SETTLE, settle(b -> b.setIdNumber(KB10)), INVALID_ID_NUMBER, f);
        add("settle id: full-width digits", Rpc.SETTLE, settle(b -> b.setIdNumber("３４１００２１９５６０３１２１２３７")), INVALID_ID_NUMBER, f);
        add("settle id: embedded NUL", Rpc.SETTLE, settle(b -> b.setIdNumber("341002195603\u0000121237")), INVALID_ID_NUMBER, f);
        add("settle id: RTL override in front", Rpc.SETTLE, settle(b -> b.setIdNumber("\u202E341002195603121237")), INVALID_ID_NUMBER, f);
        add("pre-settle id: letters", Rpc.PRE_SETTLE, settle(b -> b.setIdNumber("34100219560312A237")), INVALID_ID_NUMBER, f);
        add("pre-settle id: emoji appended", Rpc.PRE_SETTLE, settle(b -> b.setIdNumber(PERSON + "\uD83D\uDE00")), INVALID_ID_NUMBER, f);
        add("pre-settle id: month 13", Rpc.PRE_SETTLE, settle(b -> b.setIdNumber(month13)), INVALID_ID_NUMBER, f);
        add("get person: wrong check character", Rpc.GET_PERSON, person("341002195603121231"), INVALID_ID_NUMBER, f);
        add("get person: check X where a digit is due", Rpc.GET_PERSON, person("34100219560312123X"), INVALID_ID_NUMBER, f);
        add("get person: 15-digit legacy number", Rpc.GET_PERSON, person("341002560312123"), INVALID_ID_NUMBER, f);
        add("get person: 17 digits", Rpc.GET_PERSON, person("34100219560312123"), INVALID_ID_NUMBER, f);
        add("get person: 19 digits", Rpc.GET_PERSON, person("3410021956031212370"), INVALID_ID_NUMBER, f);
        add("get person: 33 digits (just over the length guard)", Rpc.GET_PERSON, person("1".repeat(33)), INVALID_ID_NUMBER, f);
        add("get person: letters", Rpc.GET_PERSON, person("ABCDEFGHIJKLMNOPQR"), INVALID_ID_NUMBER, f);
        add("get person: Han characters", Rpc.GET_PERSON, person("三四一〇〇二一九五六〇三一二一二三七"), INVALID_ID_NUMBER, f);
        add("get person: birth date Feb 30", Rpc.GET_PERSON, person(feb30), INVALID_ID_NUMBER, f);
        add("get person: birth month 13", Rpc.GET_PERSON, person(month13), INVALID_ID_NUMBER, f);
        add("get person: birth day 00", Rpc.GET_PERSON, person(day00), INVALID_ID_NUMBER, f);
        add("get person: birth month 00", Rpc.GET_PERSON, person(month00), INVALID_ID_NUMBER, f);
        add("get person: birth date 1900-02-29 (not a leap year)", Rpc.GET_PERSON, person(feb29of1900), INVALID_ID_NUMBER, f);
        add("get person: birth date Apr 31", Rpc.GET_PERSON, person(apr31), INVALID_ID_NUMBER, f);
        add("get person: empty", Rpc.GET_PERSON, person(""), INVALID_ID_NUMBER, f);
        add("get person: 18 spaces", Rpc.GET_PERSON, person(" ".repeat(18)), INVALID_ID_NUMBER, f);
        add("get person: 10 KB", Rpc.GET_PERSON, person(KB10), INVALID_ID_NUMBER, f);
        add("get person: 1 MB", Rpc.GET_PERSON, person(MB1), INVALID_ID_NUMBER, f);
        add("get person: full-width digits", Rpc.GET_PERSON, person("３４１００２１９５６０３１２１２３７"), INVALID_ID_NUMBER, f);
        add("get person: Arabic-Indic digits", Rpc.GET_PERSON, person("٣٤١٠٠٢١٩٥٦٠٣١٢١٢٣٧"), INVALID_ID_NUMBER, f);
        add("get person: NUL in place of a digit", Rpc.GET_PERSON, person("34100219560312\u0000237"), INVALID_ID_NUMBER, f);
        add("get person: NUL appended", Rpc.GET_PERSON, person(PERSON + "\u0000"), INVALID_ID_NUMBER, f);
        add("get person: RTL override in the middle", Rpc.GET_PERSON, person("341002\u202E195603121237"), INVALID_ID_NUMBER, f);
        add("get person: zero-width space in the middle", Rpc.GET_PERSON, person("341002\u200B195603121237"), INVALID_ID_NUMBER, f);
        add("get person: BOM in front", Rpc.GET_PERSON, person("\uFEFF" + PERSON), INVALID_ID_NUMBER, f);
        add("get person: combining acute accent appended", Rpc.GET_PERSON, person(PERSON + "\u0301"), INVALID_ID_NUMBER, f);
        add("get person: emoji", Rpc.GET_PERSON, person("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"),
                INVALID_ID_NUMBER, f);
        add("get person: dashes between the parts", Rpc.GET_PERSON, person("341002-19560312-1237"), INVALID_ID_NUMBER, f);
        add("get person: x in first position", Rpc.GET_PERSON, person("x41002195603121237"), INVALID_ID_NUMBER, f);
        add("eligibility id: wrong check character", Rpc.CHECK_ELIGIBILITY, eligibility().setIdNumber("341002195603121238").build(),
                INVALID_ID_NUMBER, f);
        add("eligibility id: 15-digit legacy", Rpc.CHECK_ELIGIBILITY, eligibility().setIdNumber("341002560312123").build(), INVALID_ID_NUMBER, f);
        add("eligibility id: empty", Rpc.CHECK_ELIGIBILITY, eligibility().setIdNumber("").build(), INVALID_ID_NUMBER, f);
        add("eligibility id: 10 KB", Rpc.CHECK_ELIGIBILITY, eligibility().setIdNumber(KB10).build(), INVALID_ID_NUMBER, f);
        add("eligibility id: birth date Feb 30", Rpc.CHECK_ELIGIBILITY, eligibility().setIdNumber(feb30).build(), INVALID_ID_NUMBER, f);
    }

    private void dates() {
        final String vd = "visit.date", d = "date";
        add("settle date Feb 30", Rpc.SETTLE, visit(v -> v.setDate("2024-02-30")), INVALID_DATE, vd);
        add("settle date month 13", Rpc.SETTLE, visit(v -> v.setDate("2024-13-01")), INVALID_DATE, vd);
        add("settle date 2024-6-1", Rpc.SETTLE, visit(v -> v.setDate("2024-6-1")), INVALID_DATE, vd);
        add("settle date \"yesterday\"", Rpc.SETTLE, visit(v -> v.setDate("yesterday")), INVALID_DATE, vd);
        add("settle date empty", Rpc.SETTLE, visit(v -> v.setDate("")), INVALID_DATE, vd);
        add("settle date 10 KB", Rpc.SETTLE, visit(v -> v.setDate(KB10)), INVALID_DATE, vd);
        add("settle date ISO with time", Rpc.SETTLE, visit(v -> v.setDate("2024-06-10T08:30:00")), INVALID_DATE, vd);
        add("settle date ISO with time and zone", Rpc.SETTLE, visit(v -> v.setDate("2024-06-10T08:30:00+08:00")), INVALID_DATE, vd);
        add("settle date 2023-02-29 (not a leap year)", Rpc.SETTLE, visit(v -> v.setDate("2023-02-29")), INVALID_DATE, vd);
        add("settle date slashes", Rpc.SETTLE, visit(v -> v.setDate("2024/06/10")), INVALID_DATE, vd);
        add("settle date trailing space (10 chars)", Rpc.SETTLE, visit(v -> v.setDate("2024-06-1 ")), INVALID_DATE, vd);
        add("settle date full-width digits", Rpc.SETTLE, visit(v -> v.setDate("２０２４-０６-１０")), INVALID_DATE, vd);
        add("settle date Chinese", Rpc.SETTLE, visit(v -> v.setDate("2024年6月10日")), INVALID_DATE, vd);
        // was a bug, fixed: Inputs.quote echoes the NUL into the message (Checks.show would have replaced it)
        add("settle date with NUL (10 chars)", Rpc.SETTLE, visit(v -> v.setDate("2024-06-1\u0000")), INVALID_DATE, vd);
        add("pre-settle date day 00", Rpc.PRE_SETTLE, visit(v -> v.setDate("2024-06-00")), INVALID_DATE, vd);
        add("pre-settle date month 00", Rpc.PRE_SETTLE, visit(v -> v.setDate("2024-00-10")), INVALID_DATE, vd);
        add("pre-settle date Apr 31", Rpc.PRE_SETTLE, visit(v -> v.setDate("2024-04-31")), INVALID_DATE, vd);
        add("pre-settle date 20240610", Rpc.PRE_SETTLE, visit(v -> v.setDate("20240610")), INVALID_DATE, vd);
        add("pre-settle date leading plus sign", Rpc.PRE_SETTLE, visit(v -> v.setDate("+2024-06-10")), INVALID_DATE, vd);
        add("eligibility date Feb 30", Rpc.CHECK_ELIGIBILITY, eligibility().setDate("2024-02-30").build(), INVALID_DATE, d);
        add("eligibility date empty", Rpc.CHECK_ELIGIBILITY, eligibility().setDate("").build(), INVALID_DATE, d);
        add("eligibility date \"yesterday\"", Rpc.CHECK_ELIGIBILITY, eligibility().setDate("yesterday").build(), INVALID_DATE, d);
        add("eligibility date 10-06-2024", Rpc.CHECK_ELIGIBILITY, eligibility().setDate("10-06-2024").build(), INVALID_DATE, d);
        add("list date month 13", Rpc.LIST_SETTLEMENTS, list().setDate("2024-13-01").build(), INVALID_DATE, d);
        add("list date empty", Rpc.LIST_SETTLEMENTS, list().setDate("").build(), INVALID_DATE, d);
        add("list date 10 KB", Rpc.LIST_SETTLEMENTS, list().setDate(KB10).build(), INVALID_DATE, d);
        add("daily summary date Feb 30", Rpc.GET_DAILY_SUMMARY, daily("2024-02-30"), INVALID_DATE, d);
        add("daily summary date empty", Rpc.GET_DAILY_SUMMARY, daily(""), INVALID_DATE, d);
        add("daily summary date ISO with time", Rpc.GET_DAILY_SUMMARY, daily("2024-06-10T00:00"), INVALID_DATE, d);
        // was a bug, fixed: Inputs.quote echoes the ESC of an ANSI escape sequence into the message
        add("daily summary date with ANSI escape", Rpc.GET_DAILY_SUMMARY, daily("2024-06-10\u001B[2J"), INVALID_DATE, d);
        add("stream daily settlements date \"today\"", Rpc.STREAM_DAILY_SETTLEMENTS, daily("today"), INVALID_DATE, d);
        add("stream daily settlements date 2024-6-1", Rpc.STREAM_DAILY_SETTLEMENTS, daily("2024-6-1"), INVALID_DATE, d);
    }

    private void unknownEnums() {
        add("settle visit type 99", Rpc.SETTLE, visit(v -> v.setTypeValue(99)), UNKNOWN_VISIT_TYPE, "visit.type");
        add("settle visit type -1", Rpc.SETTLE, visit(v -> v.setTypeValue(-1)), UNKNOWN_VISIT_TYPE, "visit.type");
        add("settle visit type unspecified", Rpc.SETTLE, visit(v -> v.setType(VisitType.VISIT_TYPE_UNSPECIFIED)), UNKNOWN_VISIT_TYPE,
                "visit.type");
        add("settle hospital level 7", Rpc.SETTLE, visit(v -> v.setHospitalLevelValue(7)), UNKNOWN_HOSPITAL_LEVEL, "visit.hospital_level");
        add("settle hospital level -5", Rpc.SETTLE, visit(v -> v.setHospitalLevelValue(-5)), UNKNOWN_HOSPITAL_LEVEL, "visit.hospital_level");
        add("settle hospital level PRIMARY at a TERTIARY hospital", Rpc.SETTLE, visit(v -> v.setHospitalLevel(HospitalLevel.PRIMARY)),
                INVALID_ARGUMENT, "visit.hospital_level");
        add("pre-settle visit type 99", Rpc.PRE_SETTLE, visit(v -> v.setTypeValue(99)), UNKNOWN_VISIT_TYPE, "visit.type");
        add("pre-settle hospital level 7", Rpc.PRE_SETTLE, visit(v -> v.setHospitalLevelValue(7)), UNKNOWN_HOSPITAL_LEVEL,
                "visit.hospital_level");
        add("eligibility document 42", Rpc.CHECK_ELIGIBILITY, eligibility().setDocumentValue(42).build(), UNKNOWN_DOCUMENT, "document");
        add("eligibility document -1", Rpc.CHECK_ELIGIBILITY, eligibility().setDocumentValue(-1).build(), UNKNOWN_DOCUMENT, "document");
        add("eligibility document unspecified", Rpc.CHECK_ELIGIBILITY, eligibility().setDocument(Document.DOCUMENT_UNSPECIFIED).build(),
                UNKNOWN_DOCUMENT, "document");
        // was a bug, fixed: the engine's rejection keeps its own field name "specialDisease", not the request's visit.special_disease
        // (LedgerService.settle/preSettle pass engine rejections on without fieldName()). At commit 266ee3c the settle path had also
        // inserted a zero accumulators row (lockAccumulators) before the engine rejected, and committed it: the row counts guard that.
        add("settle special disease code not in the policy", Rpc.SETTLE, visit(v -> v.setSpecialDisease("LUNG_CANCER")),
                UNKNOWN_SPECIAL_DISEASE, "visit.special_disease");
        // was a bug, fixed: as above, for another person-year (at 266ee3c: a second stray accumulators row)
        add("settle special disease code not in the policy, other person", Rpc.SETTLE,
                settle(b -> b.setIdNumber(OTHER_PERSON).getVisitBuilder().setSpecialDisease("C34")), UNKNOWN_SPECIAL_DISEASE,
                "visit.special_disease");
        // was a bug, fixed: field "specialDisease" instead of visit.special_disease
        add("pre-settle special disease code not in the policy", Rpc.PRE_SETTLE, visit(v -> v.setSpecialDisease("C34")),
                UNKNOWN_SPECIAL_DISEASE, "visit.special_disease");
        add("settle special disease Han characters", Rpc.SETTLE, visit(v -> v.setSpecialDisease("肺癌")), UNKNOWN_SPECIAL_DISEASE,
                "visit.special_disease");
        add("settle special disease 10 KB", Rpc.SETTLE, visit(v -> v.setSpecialDisease(KB10)), UNKNOWN_SPECIAL_DISEASE,
                "visit.special_disease");
        add("pre-settle special disease with NUL", Rpc.PRE_SETTLE, visit(v -> v.setSpecialDisease("C\u000034")), UNKNOWN_SPECIAL_DISEASE,
                "visit.special_disease");
    }

    private void missingFields() {
        add("settle request_id empty", Rpc.SETTLE, settle(b -> b.setRequestId("")), INVALID_ARGUMENT, "request_id");
        // was a bug, fixed: the whole visit is missing; the server names visit.settlement_id ("got nothing") instead of visit
        add("settle visit missing", Rpc.SETTLE, settle(SettleRequest.Builder::clearVisit), INVALID_ARGUMENT, "visit");
        // was a bug, fixed: as above, for pre-settle
        add("pre-settle visit missing", Rpc.PRE_SETTLE, settle(SettleRequest.Builder::clearVisit), INVALID_ARGUMENT, "visit");
        add("settle settlement_id empty", Rpc.SETTLE, visit(v -> v.setSettlementId("")), INVALID_ARGUMENT, "visit.settlement_id");
        add("settle visit with only a settlement id (no date)", Rpc.SETTLE,
                settle(b -> b.setVisit(Visit.newBuilder().setSettlementId("ONLY-ID"))), INVALID_DATE, "visit.date");
        add("settle visit without type", Rpc.SETTLE, visit(Visit.Builder::clearType), UNKNOWN_VISIT_TYPE, "visit.type");
        add("pre-settle settlement_id empty", Rpc.PRE_SETTLE, visit(v -> v.setSettlementId("")), INVALID_ARGUMENT, "visit.settlement_id");
        add("reverse request_id empty", Rpc.REVERSE, reverse("", "NOPE"), INVALID_ARGUMENT, "request_id");
        add("reverse settlement_id empty", Rpc.REVERSE, reverse("rev-1", ""), INVALID_ARGUMENT, "settlement_id");
        add("reverse empty request", Rpc.REVERSE, ReverseRequest.getDefaultInstance(), INVALID_ARGUMENT, "request_id");
        add("get settlement settlement_id empty", Rpc.GET_SETTLEMENT, GetSettlementRequest.getDefaultInstance(), INVALID_ARGUMENT,
                "settlement_id");
        add("list empty request", Rpc.LIST_SETTLEMENTS, ListSettlementsRequest.getDefaultInstance(), INVALID_DATE, "date");
        add("eligibility empty request", Rpc.CHECK_ELIGIBILITY, CheckEligibilityRequest.getDefaultInstance(), INVALID_ID_NUMBER, "id_number");
        add("daily summary empty request", Rpc.GET_DAILY_SUMMARY, DailySummaryRequest.getDefaultInstance(), INVALID_DATE, "date");
    }

    private void hugeStrings() {
        add("settle request_id 100 KB", Rpc.SETTLE, settle(b -> b.setRequestId(KB100)), INVALID_ARGUMENT, "request_id");
        add("settle request_id 65 chars", Rpc.SETTLE, settle(b -> b.setRequestId("r".repeat(65))), INVALID_ARGUMENT, "request_id");
        add("settle settlement_id 1 MB", Rpc.SETTLE, visit(v -> v.setSettlementId(MB1)), INVALID_ARGUMENT, "visit.settlement_id");
        add("settle settlement_id 65 chars", Rpc.SETTLE, visit(v -> v.setSettlementId("S".repeat(65))), INVALID_ARGUMENT,
                "visit.settlement_id");
        add("settle settlement_id 100 K Han characters (300 KB UTF-8)", Rpc.SETTLE, visit(v -> v.setSettlementId("结".repeat(100_000))),
                INVALID_ARGUMENT, "visit.settlement_id");
        add("pre-settle settlement_id 1 MB", Rpc.PRE_SETTLE, visit(v -> v.setSettlementId(MB1)), INVALID_ARGUMENT, "visit.settlement_id");
        add("reverse request_id 100 KB", Rpc.REVERSE, reverse(KB100, "NOPE"), INVALID_ARGUMENT, "request_id");
        add("reverse settlement_id 1 MB", Rpc.REVERSE, reverse("rev-2", MB1), INVALID_ARGUMENT, "settlement_id");
        add("reverse reason 10 KB", Rpc.REVERSE, reverse("rev-3", "NOPE", "原".repeat(10 * 1024)), INVALID_ARGUMENT, "reason");
        add("reverse reason 201 chars", Rpc.REVERSE, reverse("rev-4", "NOPE", "x".repeat(201)), INVALID_ARGUMENT, "reason");
        add("get settlement settlement_id 1 MB", Rpc.GET_SETTLEMENT, GetSettlementRequest.newBuilder().setSettlementId(MB1).build(),
                INVALID_ARGUMENT, "settlement_id");
        add("get settlement settlement_id 100 K mixed characters", Rpc.GET_SETTLEMENT,
                GetSettlementRequest.newBuilder().setSettlementId("Ab结\uD83D\uDE00".repeat(20_000)).build(), INVALID_ARGUMENT, "settlement_id");
    }

    private void oddUnicodeInIds() {
        final String sid = "visit.settlement_id";
        add("settle settlement_id zero-width space", Rpc.SETTLE, visit(v -> v.setSettlementId("MAL\u200B1")), INVALID_ARGUMENT, sid);
        add("settle settlement_id combining mark", Rpc.SETTLE, visit(v -> v.setSettlementId("MAL-e\u0301")), INVALID_ARGUMENT, sid);
        // was a bug, fixed: Checks.show echoes the RTL override U+202E into the message
        add("settle settlement_id RTL override", Rpc.SETTLE, visit(v -> v.setSettlementId("MAL-\u202E1-LAM")), INVALID_ARGUMENT, sid);
        add("settle settlement_id NUL", Rpc.SETTLE, visit(v -> v.setSettlementId("MAL\u00001")), INVALID_ARGUMENT, sid);
        add("settle settlement_id BOM", Rpc.SETTLE, visit(v -> v.setSettlementId("\uFEFFMAL-1")), INVALID_ARGUMENT, sid);
        add("settle settlement_id Han characters", Rpc.SETTLE, visit(v -> v.setSettlementId("结算一号")), INVALID_ARGUMENT, sid);
        add("settle settlement_id emoji", Rpc.SETTLE, visit(v -> v.setSettlementId("MAL-\uD83D\uDCA5")), INVALID_ARGUMENT, sid);
        add("settle settlement_id full-width letters", Rpc.SETTLE, visit(v -> v.setSettlementId("ＭＡＬ１")), INVALID_ARGUMENT, sid);
        add("settle settlement_id no-break space", Rpc.SETTLE, visit(v -> v.setSettlementId("MAL\u00A01")), INVALID_ARGUMENT, sid);
        add("settle request_id zero-width space", Rpc.SETTLE, settle(b -> b.setRequestId("mal\u200Bx")), INVALID_ARGUMENT, "request_id");
        add("settle request_id NUL", Rpc.SETTLE, settle(b -> b.setRequestId("mal\u0000x")), INVALID_ARGUMENT, "request_id");
        add("settle request_id Han characters", Rpc.SETTLE, settle(b -> b.setRequestId("请求一")), INVALID_ARGUMENT, "request_id");
        add("settle request_id BOM", Rpc.SETTLE, settle(b -> b.setRequestId("\uFEFFmal-x")), INVALID_ARGUMENT, "request_id");
        add("pre-settle settlement_id Han characters", Rpc.PRE_SETTLE, visit(v -> v.setSettlementId("预结算")), INVALID_ARGUMENT, sid);
        // was a bug, fixed: Checks.show echoes the RTL override U+202E into the message
        add("reverse request_id RTL override", Rpc.REVERSE, reverse("rev\u202E-5", "NOPE"), INVALID_ARGUMENT, "request_id");
        add("reverse settlement_id NUL", Rpc.REVERSE, reverse("rev-6", "NO\u0000PE"), INVALID_ARGUMENT, "settlement_id");
        add("reverse settlement_id Han characters", Rpc.REVERSE, reverse("rev-7", "结算一号"), INVALID_ARGUMENT, "settlement_id");
        add("reverse settlement_id combining mark", Rpc.REVERSE, reverse("rev-8", "NOPE\u0301"), INVALID_ARGUMENT, "settlement_id");
        add("reverse reason with NUL", Rpc.REVERSE, reverse("rev-9", "NOPE", "重复\u0000收费"), INVALID_ARGUMENT, "reason");
        add("reverse reason with a forged audit line", Rpc.REVERSE, reverse("rev-10", "NOPE", "ok\n2024-06-10 admin reverse ALL"),
                INVALID_ARGUMENT, "reason");
        add("reverse reason with ANSI escape", Rpc.REVERSE, reverse("rev-11", "NOPE", "\u001B[31mred"), INVALID_ARGUMENT, "reason");
        add("reverse reason with DEL", Rpc.REVERSE, reverse("rev-12", "NOPE", "abc\u007F"), INVALID_ARGUMENT, "reason");
        // was a bug, fixed: Checks.show echoes the RTL override U+202E into the message
        add("get settlement settlement_id RTL override", Rpc.GET_SETTLEMENT,
                GetSettlementRequest.newBuilder().setSettlementId("invoice\u202Efdp.exe").build(), INVALID_ARGUMENT, "settlement_id");
        add("get settlement settlement_id zero-width joiner", Rpc.GET_SETTLEMENT,
                GetSettlementRequest.newBuilder().setSettlementId("G\u200D1").build(), INVALID_ARGUMENT, "settlement_id");
        add("get settlement settlement_id BOM only", Rpc.GET_SETTLEMENT,
                GetSettlementRequest.newBuilder().setSettlementId("\uFEFF").build(), INVALID_ARGUMENT, "settlement_id");
        add("get settlement settlement_id NUL only", Rpc.GET_SETTLEMENT,
                GetSettlementRequest.newBuilder().setSettlementId("\u0000").build(), INVALID_ARGUMENT, "settlement_id");
        // was a bug, fixed: Inputs.quote echoes the RTL override U+202E into the message
        add("settle date RTL override", Rpc.SETTLE, visit(v -> v.setDate("\u202E01-60-4202")), INVALID_DATE, "visit.date");
    }

    private void idsOfWrongShape() {
        add("settle request_id with a space", Rpc.SETTLE, settle(b -> b.setRequestId("mal x")), INVALID_ARGUMENT, "request_id");
        add("settle request_id with a slash", Rpc.SETTLE, settle(b -> b.setRequestId("mal/x")), INVALID_ARGUMENT, "request_id");
        add("settle request_id SQL quote", Rpc.SETTLE, settle(b -> b.setRequestId("x' OR '1'='1")), INVALID_ARGUMENT, "request_id");
        add("settle settlement_id with a colon", Rpc.SETTLE, visit(v -> v.setSettlementId("MAL:1")), INVALID_ARGUMENT, "visit.settlement_id");
        add("settle settlement_id blank", Rpc.SETTLE, visit(v -> v.setSettlementId("   ")), INVALID_ARGUMENT, "visit.settlement_id");
        add("settle settlement_id path traversal", Rpc.SETTLE, visit(v -> v.setSettlementId("../../etc/passwd")), INVALID_ARGUMENT,
                "visit.settlement_id");
        add("reverse request_id 65 chars", Rpc.REVERSE, reverse("r".repeat(65), "NOPE"), INVALID_ARGUMENT, "request_id");
        add("reverse settlement_id 65 chars", Rpc.REVERSE, reverse("rev-13", "S".repeat(65)), INVALID_ARGUMENT, "settlement_id");
        add("reverse settlement_id SQL", Rpc.REVERSE, reverse("rev-14", "X'; DROP TABLE settlements;--"), INVALID_ARGUMENT,
                "settlement_id");
        add("get settlement settlement_id with a colon", Rpc.GET_SETTLEMENT,
                GetSettlementRequest.newBuilder().setSettlementId("G:1").build(), INVALID_ARGUMENT, "settlement_id");
    }

    private void paging() {
        add("list page_size -1", Rpc.LIST_SETTLEMENTS, list().setPageSize(-1).build(), INVALID_ARGUMENT, "page_size");
        add("list page_size 501", Rpc.LIST_SETTLEMENTS, list().setPageSize(501).build(), INVALID_ARGUMENT, "page_size");
        add("list page_size Integer.MAX_VALUE", Rpc.LIST_SETTLEMENTS, list().setPageSize(Integer.MAX_VALUE).build(), INVALID_ARGUMENT,
                "page_size");
        add("list page_size Integer.MIN_VALUE", Rpc.LIST_SETTLEMENTS, list().setPageSize(Integer.MIN_VALUE).build(), INVALID_ARGUMENT,
                "page_size");
        add("list page_token not base64", Rpc.LIST_SETTLEMENTS, list().setPageToken("!!!not a token!!!").build(), INVALID_ARGUMENT,
                "page_token");
        add("list page_token standard base64 alphabet", Rpc.LIST_SETTLEMENTS, list().setPageToken("ab+/cd==").build(), INVALID_ARGUMENT,
                "page_token");
        add("list page_token without a colon", Rpc.LIST_SETTLEMENTS, list().setPageToken(token("abc")).build(), INVALID_ARGUMENT,
                "page_token");
        add("list page_token empty millis", Rpc.LIST_SETTLEMENTS, list().setPageToken(token(":MAL-1")).build(), INVALID_ARGUMENT,
                "page_token");
        add("list page_token letters for millis", Rpc.LIST_SETTLEMENTS, list().setPageToken(token("abc:MAL-1")).build(), INVALID_ARGUMENT,
                "page_token");
        add("list page_token millis overflow", Rpc.LIST_SETTLEMENTS, list().setPageToken(token("99999999999999999999:MAL-1")).build(),
                INVALID_ARGUMENT, "page_token");
        add("list page_token 100 KB garbage", Rpc.LIST_SETTLEMENTS, list().setPageToken(KB100).build(), INVALID_ARGUMENT, "page_token");
        add("list page_token Han characters", Rpc.LIST_SETTLEMENTS, list().setPageToken("下一页").build(), INVALID_ARGUMENT, "page_token");
        // was a bug, fixed: a well-formed token whose settlement id is 10 KB (the server never gives one) is accepted as is
        add("list page_token forged with a 10 KB settlement id", Rpc.LIST_SETTLEMENTS,
                list().setPageToken(token("1718000000000:" + "S".repeat(10 * 1024))).build(), INVALID_ARGUMENT, "page_token");
    }

    private void rosterAndRegions() {
        add("roster area 5 digits", Rpc.STREAM_ROSTER, roster().setArea("34100").build(), INVALID_ARGUMENT, "area");
        add("roster area 1 digit", Rpc.STREAM_ROSTER, roster().setArea("3").build(), INVALID_ARGUMENT, "area");
        add("roster area 3 digits", Rpc.STREAM_ROSTER, roster().setArea("341").build(), INVALID_ARGUMENT, "area");
        add("roster area 7 digits", Rpc.STREAM_ROSTER, roster().setArea("3410021").build(), INVALID_ARGUMENT, "area");
        add("roster area letters", Rpc.STREAM_ROSTER, roster().setArea("34AB").build(), INVALID_ARGUMENT, "area");
        add("roster area full-width digits", Rpc.STREAM_ROSTER, roster().setArea("３４１０").build(), INVALID_ARGUMENT, "area");
        add("roster area 10 KB", Rpc.STREAM_ROSTER, roster().setArea(KB10).build(), INVALID_ARGUMENT, "area");
        add("roster area with a space", Rpc.STREAM_ROSTER, roster().setArea("34 10").build(), INVALID_ARGUMENT, "area");
        add("roster area with NUL", Rpc.STREAM_ROSTER, roster().setArea("3410\u0000").build(), INVALID_ARGUMENT, "area");
        add("roster area with newline", Rpc.STREAM_ROSTER, roster().setArea("3410\n").build(), INVALID_ARGUMENT, "area");
        add("roster since_version -1", Rpc.STREAM_ROSTER, roster().setSinceVersion(-1).build(), INVALID_ARGUMENT, "since_version");
        add("roster since_version Long.MIN_VALUE", Rpc.STREAM_ROSTER, roster().setSinceVersion(Long.MIN_VALUE).build(), INVALID_ARGUMENT,
                "since_version");
        add("roster max_persons -1", Rpc.STREAM_ROSTER, roster().setMaxPersons(-1).build(), INVALID_ARGUMENT, "max_persons");
        add("roster max_persons 50001", Rpc.STREAM_ROSTER, roster().setMaxPersons(50_001).build(), INVALID_ARGUMENT, "max_persons");
        add("roster max_persons Integer.MIN_VALUE", Rpc.STREAM_ROSTER, roster().setMaxPersons(Integer.MIN_VALUE).build(), INVALID_ARGUMENT,
                "max_persons");
        add("policy snapshot region 4 digits", Rpc.GET_POLICY_SNAPSHOT, region("3410"), INVALID_ARGUMENT, "region");
        add("policy snapshot region 5 digits", Rpc.GET_POLICY_SNAPSHOT, region("34100"), INVALID_ARGUMENT, "region");
        add("policy snapshot region 7 digits", Rpc.GET_POLICY_SNAPSHOT, region("3410000"), INVALID_ARGUMENT, "region");
        add("policy snapshot region with a letter", Rpc.GET_POLICY_SNAPSHOT, region("34100A"), INVALID_ARGUMENT, "region");
        add("policy snapshot region full-width digits", Rpc.GET_POLICY_SNAPSHOT, region("３４１０００"), INVALID_ARGUMENT, "region");
        add("policy snapshot region 10 KB", Rpc.GET_POLICY_SNAPSHOT, region(KB10), INVALID_ARGUMENT, "region");
        add("policy snapshot region with NUL", Rpc.GET_POLICY_SNAPSHOT, region("341000\u0000"), INVALID_ARGUMENT, "region");
        // was a bug, fixed: Checks.show echoes the RTL override U+202E into the message
        add("policy snapshot region RTL override", Rpc.GET_POLICY_SNAPSHOT, region("\u202E000143"), INVALID_ARGUMENT, "region");
    }

    private void officeCallers() {
        addAs(AUDITOR, "auditor get settlement without hospital_code", Rpc.GET_SETTLEMENT,
                GetSettlementRequest.newBuilder().setSettlementId("G1").build(), INVALID_ARGUMENT, "hospital_code");
        addAs(AUDITOR, "auditor get settlement hospital_code 100 KB", Rpc.GET_SETTLEMENT,
                GetSettlementRequest.newBuilder().setSettlementId("G1").setHospitalCode(KB100).build(), INVALID_ARGUMENT, "hospital_code");
        addAs(AUDITOR, "auditor list hospital_code with NUL", Rpc.LIST_SETTLEMENTS,
                list().setHospitalCode(HOSPITAL + "\u0000").build(), INVALID_ARGUMENT, "hospital_code");
        addAs(AUDITOR, "auditor list hospital_code Han characters", Rpc.LIST_SETTLEMENTS,
                list().setHospitalCode("黄山市人民医院").build(), INVALID_ARGUMENT, "hospital_code");
        addAs(AUDITOR, "auditor daily summary without hospital_code", Rpc.GET_DAILY_SUMMARY, daily(DATE), INVALID_ARGUMENT,
                "hospital_code");
        addAs(AUDITOR, "auditor eligibility without hospital_code", Rpc.CHECK_ELIGIBILITY, eligibility().build(), INVALID_ARGUMENT,
                "hospital_code");
        addAs(AUDITOR, "auditor roster without area", Rpc.STREAM_ROSTER, RosterRequest.getDefaultInstance(), INVALID_ARGUMENT, "area");
        addAs(AUDITOR, "auditor policy snapshot without region", Rpc.GET_POLICY_SNAPSHOT, PolicySnapshotRequest.getDefaultInstance(),
                INVALID_ARGUMENT, "region");
    }

    /** A trial that would be accepted: a stored policy, a profile, one bill of the policy's year. */
    private static TryBillsRequest.Builder trial() {
        return TryBillsRequest.newBuilder().setPolicyId("huangshan-2024")
                .setPerson(onestop.v1.Person.newBuilder().setScheme(onestop.v1.Scheme.RESIDENT).setCounty("341002").addInsuredYears(2024))
                .addBills(Visit.newBuilder().setSettlementId("T1").setDate(DATE).setType(VisitType.INPATIENT)
                        .setHospitalLevel(HospitalLevel.TERTIARY).setTotalFen(1_000_000));
    }

    private static TryBillsRequest trial(Consumer<TryBillsRequest.Builder> change) {
        TryBillsRequest.Builder b = trial();
        change.accept(b);
        return b.build();
    }

    private static SearchSettlementsRequest.Builder search() {
        return SearchSettlementsRequest.newBuilder().setFromDate("2024-06-01").setToDate("2024-06-30");
    }

    private static RevealIdNumberRequest.Builder reveal() {
        return RevealIdNumberRequest.newBuilder().setHospitalCode(HOSPITAL).setSettlementId("NOPE").setReason("核对身份");
    }

    private static IssueAgentTokenRequest.Builder agentToken() {
        return IssueAgentTokenRequest.newBuilder().setRequestId("tok-1").setHospitalCode(HOSPITAL);
    }

    private void officeConsole() {
        addAs(AUDITOR, "dashboard date empty", Rpc.DASHBOARD, DashboardRequest.getDefaultInstance(), INVALID_DATE, "date");
        addAs(AUDITOR, "dashboard date Feb 30", Rpc.DASHBOARD, DashboardRequest.newBuilder().setDate("2024-02-30").build(), INVALID_DATE, "date");
        addAs(AUDITOR, "dashboard date 10 KB", Rpc.DASHBOARD, DashboardRequest.newBuilder().setDate(KB10).build(), INVALID_DATE, "date");
        addAs(AUDITOR, "policy versions without an id", Rpc.POLICY_VERSIONS, ListPolicyVersionsRequest.getDefaultInstance(), INVALID_ARGUMENT,
                "policy_id");
        addAs(AUDITOR, "policy versions id upper-case", Rpc.POLICY_VERSIONS, ListPolicyVersionsRequest.newBuilder().setPolicyId("HUANGSHAN-2024")
                .build(), INVALID_ARGUMENT, "policy_id");
        addAs(AUDITOR, "policy versions id 10 KB", Rpc.POLICY_VERSIONS, ListPolicyVersionsRequest.newBuilder().setPolicyId(KB10).build(),
                INVALID_ARGUMENT, "policy_id");
        addAs(AUDITOR, "try bills without a policy", Rpc.TRY_BILLS, trial(TryBillsRequest.Builder::clearPolicy), INVALID_ARGUMENT, "policy");
        addAs(AUDITOR, "try bills policy_id with a NUL", Rpc.TRY_BILLS, trial(b -> b.setPolicyId("huangshan\u00002024")), INVALID_ARGUMENT,
                "policy_id");
        addAs(AUDITOR, "try bills draft empty", Rpc.TRY_BILLS, trial(b -> b.setDraftYaml("")), INVALID_ARGUMENT, "draft_yaml");
        addAs(AUDITOR, "try bills draft 262,145 characters", Rpc.TRY_BILLS, trial(b -> b.setDraftYaml("#".repeat(262_145))), INVALID_ARGUMENT,
                "draft_yaml");
        addAs(AUDITOR, "try bills person without a scheme", Rpc.TRY_BILLS, trial(b -> b.getPersonBuilder().clearScheme()), "UNKNOWN_SCHEME",
                "person.scheme");
        addAs(AUDITOR, "try bills person county 4 digits", Rpc.TRY_BILLS, trial(b -> b.getPersonBuilder().setCounty("3410")), INVALID_ARGUMENT,
                "person.county");
        addAs(AUDITOR, "try bills person insured year 1800", Rpc.TRY_BILLS, trial(b -> b.getPersonBuilder().addInsuredYears(1800)),
                INVALID_ARGUMENT, "person.insured_years");
        addAs(AUDITOR, "try bills person category unspecified", Rpc.TRY_BILLS, trial(b -> b.getPersonBuilder()
                .addCategories(onestop.v1.CategoryPeriod.getDefaultInstance())), "UNKNOWN_CATEGORY", "person.categories[0].category");
        addAs(AUDITOR, "try bills person category from Feb 30", Rpc.TRY_BILLS, trial(b -> b.getPersonBuilder().addCategories(
                onestop.v1.CategoryPeriod.newBuilder().setCategory(onestop.v1.Category.ORPHAN).setFrom("2024-02-30"))), INVALID_DATE,
                "person.categories[0].from");
        addAs(AUDITOR, "try bills no bill", Rpc.TRY_BILLS, trial(TryBillsRequest.Builder::clearBills), INVALID_ARGUMENT, "bills");
        addAs(AUDITOR, "try bills 51 bills", Rpc.TRY_BILLS, trial(b -> {
            for (int i = 0; i < 50; i++) b.addBills(b.getBills(0));
        }), INVALID_ARGUMENT, "bills");
        addAs(AUDITOR, "try bills total -1", Rpc.TRY_BILLS, trial(b -> b.getBillsBuilder(0).setTotalFen(-1)), INVALID_AMOUNT, "bills[0].total_fen");
        addAs(AUDITOR, "try bills second bill date Feb 30", Rpc.TRY_BILLS, trial(b -> b.addBills(b.getBills(0).toBuilder().setDate("2024-02-30"))),
                INVALID_DATE, "bills[1].date");
        addAs(AUDITOR, "try bills without a hospital level", Rpc.TRY_BILLS, trial(b -> b.getBillsBuilder(0).clearHospitalLevel()),
                UNKNOWN_HOSPITAL_LEVEL, "bills[0].hospital_level");
        addAs(AUDITOR, "try bills visit type 99", Rpc.TRY_BILLS, trial(b -> b.getBillsBuilder(0).setTypeValue(99)), UNKNOWN_VISIT_TYPE,
                "bills[0].type");
        addAs(AUDITOR, "try bills settlement id Han characters", Rpc.TRY_BILLS, trial(b -> b.getBillsBuilder(0).setSettlementId("试算")),
                INVALID_ARGUMENT, "bills[0].settlement_id");
        addAs(AUDITOR, "try bills special disease Han characters", Rpc.TRY_BILLS, trial(b -> b.getBillsBuilder(0).setSpecialDisease("肺癌")),
                UNKNOWN_SPECIAL_DISEASE, "bills[0].special_disease");
        addAs(AUDITOR, "try bills a bill outside the policy's year", Rpc.TRY_BILLS, trial(b -> b.getBillsBuilder(0).setDate("2023-06-10")),
                INVALID_ARGUMENT, "bills[0].date");
        addAs(AUDITOR, "try bills starting negative", Rpc.TRY_BILLS, trial(b -> b.getStartingBuilder().setBasicPaidInpatientFen(-1)),
                INVALID_ARGUMENT, "starting.basic_paid_inpatient_fen");
        addAs(AUDITOR, "try bills starting Long.MAX_VALUE", Rpc.TRY_BILLS, trial(b -> b.getStartingBuilder().setOutOfPocketFen(Long.MAX_VALUE)),
                INVALID_ARGUMENT, "starting.out_of_pocket_fen");
        addAs(AUDITOR, "try bills starting admissions Integer.MAX_VALUE", Rpc.TRY_BILLS, trial(b -> b.getStartingBuilder()
                .setAdmissions(Integer.MAX_VALUE)), INVALID_ARGUMENT, "starting.admissions");
        addAs(AUDITOR, "try bills starting tier id with a space", Rpc.TRY_BILLS, trial(b -> b.getStartingBuilder().putSupplementary("tier 1",
                onestop.v1.TierTotals.getDefaultInstance())), INVALID_ARGUMENT, "starting.supplementary");
        addAs(AUDITOR, "search without from_date", Rpc.SEARCH_SETTLEMENTS, search().clearFromDate().build(), INVALID_DATE, "from_date");
        addAs(AUDITOR, "search without to_date", Rpc.SEARCH_SETTLEMENTS, search().clearToDate().build(), INVALID_DATE, "to_date");
        addAs(AUDITOR, "search 367 days", Rpc.SEARCH_SETTLEMENTS, search().setFromDate("2023-06-29").build(), INVALID_ARGUMENT, "to_date");
        addAs(AUDITOR, "search to_date before from_date", Rpc.SEARCH_SETTLEMENTS, search().setToDate("2024-05-31").build(), INVALID_ARGUMENT,
                "to_date");
        addAs(AUDITOR, "search hospital_code Han characters", Rpc.SEARCH_SETTLEMENTS, search().setHospitalCode("黄山市人民医院").build(),
                INVALID_ARGUMENT, "hospital_code");
        addAs(AUDITOR, "search id_number wrong check character", Rpc.SEARCH_SETTLEMENTS, search().setIdNumber("341002195603121230").build(),
                INVALID_ID_NUMBER, "id_number");
        addAs(AUDITOR, "search id_number 10 KB", Rpc.SEARCH_SETTLEMENTS, search().setIdNumber(KB10).build(), INVALID_ID_NUMBER, "id_number");
        addAs(AUDITOR, "search status 9", Rpc.SEARCH_SETTLEMENTS, search().setStatusValue(9).build(), INVALID_ARGUMENT, "status");
        addAs(AUDITOR, "search page_size 201", Rpc.SEARCH_SETTLEMENTS, search().setPageSize(201).build(), INVALID_ARGUMENT, "page_size");
        addAs(AUDITOR, "search page_size -1", Rpc.SEARCH_SETTLEMENTS, search().setPageSize(-1).build(), INVALID_ARGUMENT, "page_size");
        addAs(AUDITOR, "search page_token not base64", Rpc.SEARCH_SETTLEMENTS, search().setPageToken("!!!").build(), INVALID_ARGUMENT,
                "page_token");
        addAs(AUDITOR, "search page_token letters for millis", Rpc.SEARCH_SETTLEMENTS, search().setPageToken(token("abc\u001f" + HOSPITAL
                + "\u001fS1")).build(), INVALID_ARGUMENT, "page_token");
        addAs(AUDITOR, "search page_token forged 10 KB settlement id", Rpc.SEARCH_SETTLEMENTS, search().setPageToken(token("1\u001f" + HOSPITAL
                + "\u001f" + "S".repeat(10 * 1024))).build(), INVALID_ARGUMENT, "page_token");
        addAs(ADMIN, "reveal without a reason", Rpc.REVEAL_ID_NUMBER, reveal().clearReason().build(), INVALID_ARGUMENT, "reason");
        addAs(ADMIN, "reveal reason 201 characters", Rpc.REVEAL_ID_NUMBER, reveal().setReason("因".repeat(201)).build(), INVALID_ARGUMENT, "reason");
        addAs(ADMIN, "reveal reason with a newline", Rpc.REVEAL_ID_NUMBER, reveal().setReason("ok\nadmin reveal ALL").build(), INVALID_ARGUMENT,
                "reason");
        addAs(ADMIN, "reveal without hospital_code", Rpc.REVEAL_ID_NUMBER, reveal().clearHospitalCode().build(), INVALID_ARGUMENT, "hospital_code");
        addAs(ADMIN, "reveal settlement_id 1 MB", Rpc.REVEAL_ID_NUMBER, reveal().setSettlementId(MB1).build(), INVALID_ARGUMENT, "settlement_id");
        addAs(ADMIN, "agent token without request_id", Rpc.ISSUE_AGENT_TOKEN, agentToken().clearRequestId().build(), INVALID_ARGUMENT,
                "request_id");
        addAs(ADMIN, "agent token without hospital_code", Rpc.ISSUE_AGENT_TOKEN, agentToken().clearHospitalCode().build(), INVALID_ARGUMENT,
                "hospital_code");
        addAs(ADMIN, "agent token valid_days -1", Rpc.ISSUE_AGENT_TOKEN, agentToken().setValidDays(-1).build(), INVALID_ARGUMENT, "valid_days");
        addAs(ADMIN, "agent token valid_days 731", Rpc.ISSUE_AGENT_TOKEN, agentToken().setValidDays(731).build(), INVALID_ARGUMENT, "valid_days");
        addAs(AUDITOR, "daily summaries date empty", Rpc.LIST_DAILY_SUMMARIES, ListDailySummariesRequest.getDefaultInstance(), INVALID_DATE, "date");
        addAs(AUDITOR, "daily summaries page_size 1001", Rpc.LIST_DAILY_SUMMARIES, ListDailySummariesRequest.newBuilder().setDate(DATE)
                .setPageSize(1001).build(), INVALID_ARGUMENT, "page_size");
        addAs(AUDITOR, "daily summaries page_token 100 KB garbage", Rpc.LIST_DAILY_SUMMARIES, ListDailySummariesRequest.newBuilder().setDate(DATE)
                .setPageToken(KB100).build(), INVALID_ARGUMENT, "page_token");
        addAs(ADMIN, "office reverse without hospital_code", Rpc.REVERSE, reverse("orv-1", "NOPE"), INVALID_ARGUMENT, "hospital_code");
        addAs(ADMIN, "office reverse without a reason", Rpc.REVERSE, reverse("orv-2", "NOPE", "").toBuilder().setHospitalCode(HOSPITAL).build(),
                INVALID_ARGUMENT, "reason");
        addAs(ADMIN, "office reverse with an offline time", Rpc.REVERSE, reverse("orv-3", "NOPE").toBuilder().setHospitalCode(HOSPITAL)
                .setOfflineMadeAtMillis(1).build(), INVALID_ARGUMENT, "offline_made_at_millis");
    }

    private void other() {
        add("settle offline_made_at_millis -1", Rpc.SETTLE, settle(b -> b.setOfflineMadeAtMillis(-1)), INVALID_ARGUMENT,
                "offline_made_at_millis");
        add("settle offline_made_at_millis Long.MAX_VALUE", Rpc.SETTLE, settle(b -> b.setOfflineMadeAtMillis(Long.MAX_VALUE)),
                INVALID_ARGUMENT, "offline_made_at_millis");
        add("settle offline_made_at_millis Long.MIN_VALUE", Rpc.SETTLE, settle(b -> b.setOfflineMadeAtMillis(Long.MIN_VALUE)),
                INVALID_ARGUMENT, "offline_made_at_millis");
        add("pre-settle offline_made_at_millis in the year 2100", Rpc.PRE_SETTLE, settle(b -> b.setOfflineMadeAtMillis(4_102_444_800_000L)),
                INVALID_ARGUMENT, "offline_made_at_millis");
    }

    // ---------------------------------------------------------------- checks

    Map<String, Long> rowCounts() {
        return rowCounts(db, TABLES);
    }

    /** How many rows each table has. */
    static Map<String, Long> rowCounts(Database db, List<String> tables) {
        return db.read(c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : tables) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            return counts;
        });
    }

    /** Every string a request carries, nested messages included. */
    static void strings(Message m, List<String> out) {
        for (Map.Entry<com.google.protobuf.Descriptors.FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            if (e.getValue() instanceof String s) out.add(s);
            else if (e.getValue() instanceof Message sub) strings(sub, out);
        }
    }

    static List<String> violationFields(com.google.rpc.Status s) {
        List<String> fields = new ArrayList<>();
        for (BadRequest b : details(s, BadRequest.class)) b.getFieldViolationsList().forEach(v -> fields.add(v.getField()));
        return fields;
    }

    static <T extends Message> List<T> details(com.google.rpc.Status s, Class<T> type) {
        List<T> found = new ArrayList<>();
        if (s == null) return found;
        for (Any any : s.getDetailsList()) {
            if (any.is(type)) {
                try {
                    found.add(any.unpack(type));
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return found;
    }

    static String clip(Object o) {
        String s = String.valueOf(o);
        return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + " chars)" : s;
    }

    /** The longest run of a message also found in one of the inputs longer than 40 characters, if longer than 40. */
    static String echoOver40(String message, List<String> inputs) {
        for (String input : inputs) {
            if (input.length() <= MAX_ECHO_CHARS) continue;
            for (int i = 0; i + MAX_ECHO_CHARS < message.length(); i++) {
                String window = message.substring(i, i + MAX_ECHO_CHARS + 1);
                if (input.contains(window)) return window;
            }
        }
        return null;
    }

    static List<String> unsafeCharacters(String message) {
        List<String> found = new ArrayList<>();
        message.codePoints().filter(cp -> Character.isISOControl(cp) || BIDI.contains(cp))
                .forEach(cp -> found.add(String.format("U+%04X", cp)));
        return found;
    }

    void check(Case k) {
        Map<String, Long> before = rowCounts();
        Object answer = null;
        Throwable thrown = null;
        try {
            answer = invoke(k.rpc(), k.caller(), k.request());
        } catch (Throwable t) {
            thrown = t;
        }
        Map<String, Long> after = rowCounts();
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(before, after, "rows of " + TABLES + " changed"));
        String expected = "expected INVALID_ARGUMENT " + k.reason() + " on " + k.field();
        if (!(thrown instanceof StatusRuntimeException e)) {
            Object a = answer;
            Throwable t = thrown;
            checks.add(() -> fail(expected + ", but " + (t == null ? "the call succeeded with " + a.getClass().getSimpleName() + " {" + clip(a) + "}" : "it threw " + t)));
            assertAll(k.name(), checks);
            return;
        }
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        String description = e.getStatus().getDescription();
        String reason = GrpcErrors.reason(e);
        List<String> fields = violationFields(details);
        List<ErrorInfo> infos = details(details, ErrorInfo.class);
        String got = expected + "; got " + e.getStatus().getCode() + " reason=" + reason + " fields=" + fields
                + " message=" + clip(description);
        checks.add(() -> assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), got));
        checks.add(() -> assertEquals(k.reason(), reason, got));
        checks.add(() -> assertEquals(List.of(k.field()), fields, got));
        checks.add(() -> {
            assertEquals(1, infos.size(), got);
            assertEquals(GrpcErrors.DOMAIN, infos.get(0).getDomain(), got);
            assertEquals(k.field(), infos.get(0).getMetadataOrDefault("field", ""), "ErrorInfo field; " + got);
        });
        List<String> messages = new ArrayList<>();
        messages.add(description);
        for (BadRequest b : details(details, BadRequest.class)) b.getFieldViolationsList().forEach(v -> messages.add(v.getDescription()));
        List<String> inputs = new ArrayList<>();
        strings(k.request(), inputs);
        checks.add(() -> {
            assertNotNull(description, got);
            assertTrue(description.startsWith(k.reason() + ": "), got);
        });
        // the status message and the BadRequest description say the same thing: one check of each kind over both
        checks.add(() -> {
            for (String m : messages) {
                if (m != null) assertTrue(m.length() < MAX_MESSAGE_CHARS, "message of " + m.length() + " characters; " + got);
            }
        });
        checks.add(() -> {
            for (String m : messages) {
                if (m != null) assertEquals(null, echoOver40(m, inputs), "message echoes more than 40 characters of the input; " + got);
            }
        });
        checks.add(() -> {
            for (String m : messages) {
                if (m != null) assertEquals(List.of(), unsafeCharacters(m), "message echoes control or bidi characters; " + got);
            }
        });
        if (k.mustContain() != null) {
            checks.add(() -> assertTrue(description != null && description.contains(k.mustContain()),
                    "message should contain \"" + k.mustContain() + "\"; " + got));
        }
        assertAll(k.name(), checks);
    }

    @TestFactory
    Stream<DynamicTest> malformedRequestsAreAClearInvalidArgumentAndWriteNothing() {
        buildCorpus();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("corpus: at least 120 cases, unique names", () -> {
            assertTrue(corpus.size() >= 120, "only " + corpus.size() + " cases");
            Set<String> names = new HashSet<>();
            for (Case k : corpus) assertTrue(names.add(k.name()), "duplicate case name " + k.name());
        }));
        for (Case k : corpus) tests.add(DynamicTest.dynamicTest(k.name(), () -> check(k)));
        tests.add(DynamicTest.dynamicTest("after the corpus: the templates are valid and the server still answers", this::stillAnswers));
        return tests.stream();
    }

    /**
     * The valid requests the cases were made from are accepted (so each case fails for its one bad
     * field), and the server still answers after the corpus.
     */
    void stillAnswers() {
        var person = invoke(Rpc.GET_PERSON, HOSPITAL_CALLER, person(PERSON));
        assertEquals("张秀英", ((onestop.v1.Person) person).getName());
        assertEquals(PERSON, ((onestop.v1.Person) person).getIdNumber());

        Map<String, Long> before = rowCounts();
        var result = (onestop.v1.SettlementResult) invoke(Rpc.PRE_SETTLE, HOSPITAL_CALLER, validSettle().build());
        assertEquals(1_000_000, result.getTotalFen());
        assertTrue(result.getFundPayFen() > 0);
        var decision = (onestop.v1.EligibilityDecision) invoke(Rpc.CHECK_ELIGIBILITY, HOSPITAL_CALLER, eligibility().build());
        assertTrue(decision.getDepositWaiver());
        var page = (onestop.v1.ListSettlementsResponse) invoke(Rpc.LIST_SETTLEMENTS, HOSPITAL_CALLER, list().build());
        assertEquals(0, page.getSettlementsCount(), "no malformed settle left a settlement");
        var day = (onestop.v1.DailySummary) invoke(Rpc.GET_DAILY_SUMMARY, HOSPITAL_CALLER, daily(DATE));
        assertEquals(0, day.getSettledCount());
        assertEquals(List.of(), invoke(Rpc.STREAM_DAILY_SETTLEMENTS, HOSPITAL_CALLER, daily(DATE)));
        assertEquals(2, ((List<?>) invoke(Rpc.STREAM_ROSTER, HOSPITAL_CALLER, roster().build())).size());
        var snapshot = (onestop.v1.PolicySnapshot) invoke(Rpc.GET_POLICY_SNAPSHOT, HOSPITAL_CALLER, region("341000"));
        assertEquals(1, snapshot.getPoliciesCount());
        Map<String, Long> expected = new LinkedHashMap<>(before);
        expected.merge("audit", 1L, Long::sum); // the roster stream, audited (who, which area, how many)
        assertEquals(expected, rowCounts(), "reads write nothing but the roster stream's audit row");

        // and a valid settlement still goes through and writes its rows
        var settled = (onestop.v1.Settlement) invoke(Rpc.SETTLE, HOSPITAL_CALLER, validSettle().build());
        assertEquals(onestop.v1.SettlementStatus.SETTLED, settled.getStatus());
        Map<String, Long> afterSettle = rowCounts();
        assertEquals(before.get("settlements") + 1, afterSettle.get("settlements"));
        assertEquals(before.get("requests") + 1, afterSettle.get("requests"));
        assertFalse(afterSettle.get("audit") <= before.get("audit"), "the settlement is audited");
    }
}

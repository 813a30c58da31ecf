package onestop.server.application.ports;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import onestop.engine.domain.settlement.Accumulators;
import onestop.server.domain.AgentCounts;
import onestop.server.domain.AlertRow;
import onestop.server.domain.AuditEntry;
import onestop.server.domain.AuditFilter;
import onestop.server.domain.FundTotals;
import onestop.server.domain.Hospital;
import onestop.server.domain.OfficeUser;
import onestop.server.domain.OfflineTotals;
import onestop.server.domain.PersonRecord;
import onestop.server.domain.PolicyDocument;
import onestop.server.domain.SettlementQuery;
import onestop.server.domain.StoredRequest;
import onestop.server.domain.StoredSettlement;

/** What a unit of work may read and change. Failures are StoreException (I/O), never business outcomes. */
public interface StoreTx {
    // hospitals
    Optional<Hospital> hospital(String code);

    List<Hospital> hospitals();

    /** Hospitals by code after {@code afterCode} ("" for the first), at most {@code limit}. */
    List<Hospital> hospitalsAfter(String afterCode, int limit);

    void upsertHospital(Hospital hospital, long nowMillis);

    // persons and identities
    Optional<PersonRecord> person(String idNumber);

    /** Stores the person (identities replaced) under a new roster version, which it returns in the record. */
    PersonRecord upsertPerson(PersonRecord person, long nowMillis);

    /** Persons whose county starts with {@code areaPrefix}, changed after {@code sinceVersion}, oldest first. */
    List<PersonRecord> personsChangedSince(String areaPrefix, long sinceVersion, int limit);

    // policies
    void storePolicy(PolicyDocument policy);

    List<PolicyDocument> policies(String regionOrEmpty);

    /** The stored versions of one policy id, most recently loaded first, at most {@code limit}. */
    List<PolicyDocument> policyVersions(String policyId, int limit);

    // ledger
    /** The person's accumulators for the year, locked until the transaction ends; zero if none yet (nothing written). */
    Accumulators lockAccumulators(String idNumber, int year);

    /** The person's accumulators for the year as they stand, zero if none; no lock (pre-settlement). */
    Accumulators accumulators(String idNumber, int year);

    /** Saves the locked accumulators; returns their new version, the person-year's change sequence. */
    long saveAccumulators(String idNumber, int year, Accumulators totals);

    /** All settlements (reversed too) of a person-year; for audits and tests. */
    List<StoredSettlement> settlementsOfPersonYear(String idNumber, int year);

    Optional<StoredSettlement> settlement(String hospitalCode, String settlementId);

    /**
     * Reads back the settlement just written in this transaction and checks it is {@code written}: every column of its
     * row as written, its money adding up as read, and its provisional result, if it has one, equal as read. Throws
     * IllegalStateException when not (a bug: the caller's transaction is rolled back).
     */
    void checkStoredAs(StoredSettlement written);

    /** Whether the hospital has a settlement of this id (without reading it). */
    boolean settlementExists(String hospitalCode, String settlementId);

    void insertSettlement(StoredSettlement settlement);

    void markReversed(String hospitalCode, String settlementId, long atMillis, String reason, long reversedSeq);

    /** A hospital's settlements of one date, in commit order, after the given key (empty for the first page). */
    List<StoredSettlement> settlementsOfDay(String hospitalCode, LocalDate date, String afterSettlementId, long afterMillis, int limit);

    /** A hospital's settlements of one date: those that stand summed per fund, reversed ones counted apart. */
    FundTotals dailyTotals(String hospitalCode, LocalDate date);

    // offline settlements forwarded by agents
    /** Keeps the settlement's provisional result (which it must have) beside it; the settlement row must exist. */
    void insertProvisional(StoredSettlement settlement, long nowMillis);

    /** The day's settlements (not reversed) forwarded from agents' offline journals, summed. */
    OfflineTotals offlineTotals(String hospitalCode, LocalDate date);

    /** {@link #offlineTotals} of each hospital whose code is in [fromCode, toCode] and that has any (others absent). */
    Map<String, OfflineTotals> offlineTotalsByHospital(LocalDate date, String fromCode, String toCode);

    /** How many settlements dated in [from, to] {@link #offlineDifferences} lists, every hospital's. */
    int offlineDifferingCount(LocalDate from, LocalDate to);

    /**
     * Settlements of one date (not reversed) whose provisional result differs from the authoritative one, each with its
     * provisional, in commit order ({@code settledAtMillis}, hospital, settlement id) after the given key ({@code -1, "", ""}
     * for the first page); of one hospital, or of all when {@code hospitalCodeOrAll} is empty.
     */
    List<StoredSettlement> offlineDifferences(String hospitalCodeOrAll, LocalDate date, long afterMillis, String afterHospital,
                                              String afterSettlementId, int limit);

    /**
     * {@link #dailyTotals} over the dates [from, to], per hospital by code after {@code afterCode} ("" for the first): of
     * the hospitals with a settlement that stands, or also those whose every settlement there was reversed.
     */
    List<FundTotals> totalsByHospital(LocalDate from, LocalDate to, boolean reversedOnlyToo, String afterCode, int limit);

    /** {@link #dailyTotals} of every hospital together over the dates [from, to] (hospital code ""). */
    FundTotals totals(LocalDate from, LocalDate to);

    /** {@link #totals} per settlement date of [from, to]; dates without settlements absent. */
    SortedMap<LocalDate, FundTotals> totalsByDate(LocalDate from, LocalDate to);

    /** High-cost settlements of [from, to] ordered by (date, hospital, settlement id), after that key (null for the first). */
    List<AlertRow> alerts(LocalDate from, LocalDate to, AlertRow.Key after, int limit);

    /** How many rows {@link #alerts} has over [from, to] in all. */
    int alertCount(LocalDate from, LocalDate to);

    /** Settlements the query matches, newest commit first ({@code settledAtMillis}, hospital, settlement id, descending), after {@code before}. */
    List<StoredSettlement> searchSettlements(SettlementQuery query, SettlementQuery.Key before, int limit);

    /** How many settlements the query matches in all. */
    int countSettlements(SettlementQuery query);

    // idempotency
    Optional<StoredRequest> request(String scope, String requestId);

    void insertRequest(StoredRequest request);

    // identity imports
    /** Keeps an import's summary and the first {@code summary.problemsKept()} of its problems, in file order. */
    void insertImport(onestop.server.application.identity.ImportSummary summary,
                      List<onestop.server.application.identity.ImportProblem> problems);

    Optional<onestop.server.application.identity.ImportSummary> identityImport(String importId);

    /**
     * Imports newest first ({@code atMillis}, then import id, both descending) before the given key
     * ({@code Long.MAX_VALUE, ""} for the first page), at most {@code limit}.
     */
    List<onestop.server.application.identity.ImportSummary> importsBefore(long atMillis, String importId, int limit);

    /** An import's kept problems from position {@code fromSeq} (0-based, file order), at most {@code limit}. */
    List<onestop.server.application.identity.ImportProblem> importProblems(String importId, int fromSeq, int limit);

    // counter agents
    void upsertAgentReport(onestop.server.domain.AgentReportRecord report);

    /** Reports by (hospital, agent id) after the given key ("" "" for the first), at most {@code limit}. */
    List<onestop.server.domain.AgentReportRecord> agentReports(String afterHospital, String afterAgent, int limit);

    /** The reports most recently received first, at most {@code limit}. */
    List<onestop.server.domain.AgentReportRecord> latestAgentReports(int limit);

    /** Agents that ever reported, and those whose last report came at {@code reportedSinceMillis} or later. */
    AgentCounts agentCounts(long reportedSinceMillis);

    // audit
    void audit(long atMillis, String actor, String action, String target, String detail);

    /** The entries the filter lets through, newest first, ids below {@code beforeId} (Long.MAX_VALUE for the first page). */
    List<AuditEntry> auditPage(AuditFilter filter, long beforeId, int limit);

    // office users
    Optional<OfficeUser> officeUser(String name);

    void insertOfficeUser(OfficeUser user);

    /** Stores the user's role, password hash and disabled flag. */
    void updateOfficeUser(OfficeUser user);

    /** Failed logins of the subject at or after {@code sinceMillis}. */
    int loginFailures(String subject, long sinceMillis);

    /** Records a failed login of each subject, and forgets every failure before {@code forgetBeforeMillis}. */
    void recordLoginFailure(List<String> subjects, long atMillis, long forgetBeforeMillis);
}

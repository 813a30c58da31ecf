package onestop.server.application.admin;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.UUID;
import onestop.engine.application.policy.PolicyException;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.Scheme;
import onestop.server.application.Checks;
import onestop.server.application.Hashing;
import onestop.server.application.OncePerRequest;
import onestop.server.application.Paging;
import onestop.server.application.Roles;
import onestop.server.application.identity.IdentityImport;
import onestop.server.application.identity.ImportPlan;
import onestop.server.application.identity.ImportProblem;
import onestop.server.application.identity.ImportProgress;
import onestop.server.application.identity.ImportSummary;
import onestop.server.application.policy.PolicyRegistry;
import onestop.server.application.ports.Store;
import onestop.server.application.ports.StoreTx;
import onestop.server.domain.AlertRow;
import onestop.server.domain.AuditEntry;
import onestop.server.domain.AuditFilter;
import onestop.server.domain.Caller;
import onestop.server.domain.FundTotals;
import onestop.server.domain.Hospital;
import onestop.server.domain.IdentityPeriod;
import onestop.server.domain.PersonRecord;
import onestop.server.domain.PolicyDocument;

/**
 * The city office's administration: policies, hospitals, persons and identity rosters, clearing,
 * alerts and the audit trail. Every change is idempotent by request id and written to the audit
 * trail in the same transaction.
 */
public final class AdminService {
    /** A policy is a few KB of YAML; this leaves fifty times the room, and keeps any one answer well inside 4 MiB. */
    public static final int MAX_POLICY_CHARS = 256 << 10;
    public static final int MAX_ROWS_PAGE = 1_000;
    public static final int DEFAULT_ROWS_PAGE = 500;
    /** A roster file of 100,000 rows is some 8 million characters; the server takes messages of 32 MiB. */
    public static final int MAX_CSV_CHARS = 32 << 20;
    public static final int MAX_AUDIT_PAGE = 500;
    /** The office's calendar (China Standard Time): what "today" and a day of the audit trail mean. */
    public static final ZoneOffset OFFICE_ZONE = ZoneOffset.ofHours(8);

    private final Store store;
    private final PolicyRegistry policies;
    private final Clock clock;
    private final OncePerRequest once;

    public AdminService(Store store, PolicyRegistry policies, Clock clock) {
        this.store = store;
        this.policies = policies;
        this.clock = clock;
        this.once = new OncePerRequest(store, clock);
    }

    // ---- policies ----

    public Outcome<Paging.Page<PolicyDocument>> listPolicies(Caller caller, String region, String pageToken) {
        Rejection denied = Roles.allow(caller, Roles.READERS, "listing policies");
        if (denied != null) return Outcome.rejected(denied);
        String r = region == null ? "" : region;
        Rejection badRegion = r.isEmpty() ? null : Checks.areaCode("region", r);
        if (badRegion != null) return Outcome.rejected(badRegion);
        return PolicyRegistry.page(store.read(tx -> tx.policies(r)), pageToken);
    }

    /** The policy text checked; a problem is a value (valid = false, problem = the one line), never a throw. */
    public Outcome<PolicyCheck> validatePolicy(Caller caller, String fileName, String yaml) {
        Rejection denied = Roles.allow(caller, Roles.READERS, "validating a policy");
        if (denied != null) return Outcome.rejected(denied);
        Rejection bad = policyFields(fileName, yaml);
        if (bad != null) return Outcome.rejected(bad);
        return Outcome.ok(check(fileName, yaml));
    }

    public record PolicyCheck(PolicyDocument document, String problem) {}

    private PolicyCheck check(String fileName, String yaml) {
        try {
            return new PolicyCheck(policies.validate(fileName, yaml), "");
        } catch (PolicyException e) {
            return new PolicyCheck(null, e.getMessage());
        }
    }

    private static Rejection policyFields(String fileName, String yaml) {
        Rejection bad = Checks.text("file_name", fileName, 200, true);
        if (bad == null && (yaml == null || yaml.isBlank())) bad = Checks.invalid("yaml", "yaml is required");
        if (bad == null && yaml.length() > MAX_POLICY_CHARS) bad = Checks.invalid("yaml", "yaml is larger than " + MAX_POLICY_CHARS + " characters");
        return bad;
    }

    public Outcome<PolicyDocument> uploadPolicy(Caller caller, String requestId, String fileName, String yaml) {
        Rejection denied = Roles.allow(caller, Roles.ADMIN, "uploading a policy");
        if (denied != null) return Outcome.rejected(denied);
        Rejection bad = policyFields(fileName, yaml);
        if (bad != null) return Outcome.rejected(bad);
        String hash = Hashing.sha256(Hashing.canonical("upload-policy", fileName, yaml));
        return once.run(caller, requestId, "upload-policy", hash, tx -> {
            PolicyCheck c = check(fileName, yaml);
            if (c.document() == null) return Outcome.rejected(Checks.invalid("yaml", c.problem()));
            PolicyDocument d = policies.activate(tx, c.document());
            tx.audit(clock.millis(), caller.name(), "upload-policy", d.policyId(), "region " + d.region() + " year " + d.year()
                    + " sha256 " + d.sha256().substring(0, 12) + " from " + fileName);
            return Outcome.ok(d);
        }, (tx, ref) -> tx.policies("").stream().filter(p -> (p.policyId() + "/" + p.sha256()).equals(ref)).findFirst().orElseThrow(),
                d -> d.policyId() + "/" + d.sha256());
    }

    // ---- hospitals ----

    public Outcome<Paging.Page<Hospital>> listHospitals(Caller caller, int pageSize, String pageToken) {
        Rejection denied = Roles.allow(caller, Roles.OFFICE, "listing hospitals");
        if (denied != null) return Outcome.rejected(denied);
        Outcome<Integer> size = Paging.size("page_size", pageSize, DEFAULT_ROWS_PAGE, MAX_ROWS_PAGE);
        if (!size.isOk()) return Outcome.rejected(size.rejection());
        Outcome<String[]> after = Paging.key("page_token", pageToken, 1);
        if (!after.isOk()) return Outcome.rejected(after.rejection());
        String afterCode = after.value().length == 0 ? "" : after.value()[0];
        return Outcome.ok(Paging.of(store.read(tx -> tx.hospitalsAfter(afterCode, size.value() + 1)), size.value(),
                h -> Paging.token(h.code())));
    }

    /** @param level null when the caller gave none or an unknown value */
    public Outcome<Hospital> upsertHospital(Caller caller, String requestId, String code, String name, HospitalLevel level,
                                            String county, boolean designated) {
        Rejection denied = Roles.allow(caller, Roles.ADMIN, "changing a hospital");
        if (denied != null) return Outcome.rejected(denied);
        Rejection bad = Checks.hospitalCode("hospital.code", code);
        if (bad == null) bad = Checks.text("hospital.name", name, 200, true);
        if (bad == null) bad = Checks.areaCode("hospital.county", county);
        if (bad != null) return Outcome.rejected(bad);
        if (level == null) return Outcome.rejected(ResultCode.UNKNOWN_HOSPITAL_LEVEL, "hospital.level", "hospital.level must be PRIMARY, SECONDARY or TERTIARY");
        Hospital h = new Hospital(code, name.strip(), level, county, designated);
        String hash = Hashing.sha256(Hashing.canonical("upsert-hospital", h));
        return once.run(caller, requestId, "upsert-hospital", hash, tx -> {
            Optional<Hospital> before = tx.hospital(code);
            tx.upsertHospital(h, clock.millis());
            tx.audit(clock.millis(), caller.name(), "upsert-hospital", code, before.map(b -> "was " + b).orElse("new") + "; now " + h);
            return Outcome.ok(h);
        }, (tx, ref) -> tx.hospital(ref).orElseThrow(), Hospital::code);
    }

    // ---- persons and identities ----

    public record PersonInput(String idNumber, String name, Scheme scheme, String county, List<Integer> insuredYears,
                              List<IdentityPeriod> identities) {}

    public Outcome<PersonRecord> upsertPerson(Caller caller, String requestId, PersonInput in) {
        Rejection denied = Roles.allow(caller, Roles.ADMIN, "changing a person");
        if (denied != null) return Outcome.rejected(denied);
        Outcome<String> id = Checks.idNumber("person.id_number", in.idNumber());
        if (!id.isOk()) return Outcome.rejected(id.rejection());
        Rejection bad = Checks.text("person.name", in.name(), 100, true);
        if (bad == null) bad = Checks.areaCode("person.county", in.county());
        if (bad != null) return Outcome.rejected(bad);
        if (in.scheme() == null) return Outcome.rejected(ResultCode.UNKNOWN_SCHEME, "person.scheme", "person.scheme must be EMPLOYEE or RESIDENT");
        Outcome<SortedSet<Integer>> insured = Checks.insuredYears("person.insured_years", in.insuredYears());
        if (!insured.isOk()) return Outcome.rejected(insured.rejection());
        SortedSet<Integer> years = insured.value();
        if (in.identities().size() > 50) return Outcome.rejected(Checks.invalid("person.categories", "more than 50 identity periods"));
        PersonRecord p = new PersonRecord(id.value(), in.name().strip(), in.scheme(), in.county(), years, in.identities(), 0);
        String hash = Hashing.sha256(Hashing.canonical("upsert-person", p.idNumber(), p.name(), p.scheme(), p.county(), years, in.identities()));
        return once.run(caller, requestId, "upsert-person", hash, tx -> {
            PersonRecord stored = tx.upsertPerson(p, clock.millis());
            tx.audit(clock.millis(), caller.name(), "upsert-person", IdNumber.mask(p.idNumber()),
                    p.scheme() + " " + p.county() + " years " + years + " identities " + in.identities().size());
            return Outcome.ok(stored);
        }, (tx, ref) -> tx.person(ref).orElseThrow(), PersonRecord::idNumber);
    }

    public enum ImportMode { VALIDATE_ONLY, APPLY, APPLY_SKIPPING_BAD_ROWS }

    /** An import's report as answered: its summary and its first problems ({@link ImportSummary#FIRST_PROBLEMS} at most). */
    public record ImportResult(ImportSummary summary, List<ImportProblem> firstProblems) {}

    /**
     * 动态调整名单: validates, and applies only when clean or when told to skip the bad rows. Every run, validation
     * included, is kept with all its problems; the answer carries counts per kind and the first problems only, so
     * that it fits in any client's message limit whatever the file, and the rest is read with {@link #importProblems}.
     * A repeated request id answers the same bounded report.
     */
    public Outcome<ImportResult> importIdentities(Caller caller, String requestId, String sourceName, String department,
                                                  String csv, ImportMode mode) {
        return importIdentities(caller, requestId, sourceName, department, csv, mode, ImportProgress.NONE);
    }

    /**
     * {@link #importIdentities(Caller, String, String, String, String, ImportMode)}, telling {@code progress} how far it
     * is (a repeat answers at once, without progress). Progress is heard from inside the transaction, which may run
     * again after a lost race: then it starts over.
     */
    public Outcome<ImportResult> importIdentities(Caller caller, String requestId, String sourceName, String department,
                                                  String csv, ImportMode mode, ImportProgress progress) {
        Rejection denied = Roles.allow(caller, Roles.ROSTER, "importing identities");
        if (denied != null) return Outcome.rejected(denied);
        Rejection bad = Checks.text("source_name", sourceName, 200, true);
        if (bad == null) bad = Checks.text("department", department, 100, true);
        if (bad == null && (csv == null || csv.isBlank())) bad = Checks.invalid("csv", "csv is required");
        if (bad == null && csv.length() > MAX_CSV_CHARS) bad = Checks.invalid("csv", "csv is larger than " + MAX_CSV_CHARS + " characters");
        if (bad == null && mode == null) bad = Checks.invalid("mode", "mode must be VALIDATE_ONLY, APPLY or APPLY_SKIPPING_BAD_ROWS");
        if (bad != null) return Outcome.rejected(bad);
        LocalDate today = LocalDate.ofInstant(clock.instant(), OFFICE_ZONE);
        if (mode == ImportMode.VALIDATE_ONLY) {
            return Outcome.ok(store.write(tx -> {
                ImportPlan plan = IdentityImport.plan(csv, department, sourceName, today, id -> tx.person(id).orElse(null), progress);
                return keep(tx, caller, sourceName, department, mode, plan, false);
            }));
        }
        String hash = Hashing.sha256(Hashing.canonical("import-identities", sourceName, department, csv, mode));
        return once.run(caller, requestId, "import-identities", hash, tx -> {
            ImportPlan plan = IdentityImport.plan(csv, department, sourceName, today, id -> tx.person(id).orElse(null), progress);
            if (mode == ImportMode.APPLY && !plan.isClean()) {
                return Outcome.rejected(ResultCode.IMPORT_NOT_CLEAN, "csv", plan.problems().size()
                        + " problem(s); fix them or import with APPLY_SKIPPING_BAD_ROWS (VALIDATE_ONLY lists them)");
            }
            long now = clock.millis();
            progress.progress(ImportProgress.Phase.APPLYING, plan.rows(), plan.rows());
            for (Map.Entry<String, List<IdentityPeriod>> e : plan.newIdentitiesByIdNumber().entrySet()) {
                PersonRecord before = tx.person(e.getKey()).orElseThrow();
                tx.upsertPerson(before.withIdentities(e.getValue()), now);
            }
            return Outcome.ok(keep(tx, caller, sourceName, department, mode, plan, true));
        }, (tx, importId) -> report(tx, importId).orElseThrow(), r -> r.summary().importId());
    }

    /** Keeps the run and its problems, audits it, and answers its bounded report. */
    private ImportResult keep(StoreTx tx, Caller caller, String sourceName, String department, ImportMode mode, ImportPlan plan,
                              boolean applied) {
        long now = clock.millis();
        List<ImportProblem> problems = plan.problems();
        ImportSummary summary = new ImportSummary("imp-" + UUID.randomUUID(), caller.name(), sourceName.strip(), department.strip(),
                mode.name(), plan.rows(), plan.cleanRows(), applied, applied ? plan.cleanRows() : 0, problems.size(),
                Math.min(problems.size(), ImportSummary.MAX_KEPT_PROBLEMS), ImportSummary.count(problems), now);
        tx.insertImport(summary, problems);
        tx.audit(now, caller.name(), mode == ImportMode.VALIDATE_ONLY ? "validate-identities" : "import-identities", sourceName,
                summary.importId() + " " + department + ": " + plan.rows() + " rows, " + summary.appliedRows() + " applied, "
                        + problems.size() + " problems, " + (applied ? plan.newIdentitiesByIdNumber().size() : 0) + " persons changed");
        return new ImportResult(summary, List.copyOf(problems.subList(0, Math.min(problems.size(), ImportSummary.FIRST_PROBLEMS))));
    }

    private static Optional<ImportResult> report(StoreTx tx, String importId) {
        return tx.identityImport(importId).map(m -> new ImportResult(m, tx.importProblems(importId, 0, ImportSummary.FIRST_PROBLEMS)));
    }

    public static final int MAX_IMPORTS_PAGE = 200;
    public static final int DEFAULT_IMPORTS_PAGE = 50;

    /** Past imports (validation runs too), newest first, a page at a time. */
    public Outcome<Paging.Page<ImportSummary>> listImports(Caller caller, int pageSize, String pageToken) {
        Rejection denied = Roles.allow(caller, Roles.OFFICE, "the history of imports");
        if (denied != null) return Outcome.rejected(denied);
        Outcome<Integer> size = Paging.size("page_size", pageSize, DEFAULT_IMPORTS_PAGE, MAX_IMPORTS_PAGE);
        if (!size.isOk()) return Outcome.rejected(size.rejection());
        Outcome<String[]> key = Paging.key("page_token", pageToken, 2);
        if (!key.isOk()) return Outcome.rejected(key.rejection());
        long beforeMillis = Long.MAX_VALUE;
        String beforeId = "";
        if (key.value().length == 2) {
            try {
                beforeMillis = Long.parseLong(key.value()[0]);
                beforeId = key.value()[1];
            } catch (NumberFormatException e) {
                return Outcome.rejected(Checks.invalid("page_token", "page_token is not one this server gave"));
            }
        }
        long atMillis = beforeMillis;
        String importId = beforeId;
        return Outcome.ok(Paging.of(store.read(tx -> tx.importsBefore(atMillis, importId, size.value() + 1)), size.value(),
                m -> Paging.token(String.valueOf(m.atMillis()), m.importId())));
    }

    public static final int MAX_PROBLEMS_PAGE = 5_000;
    public static final int DEFAULT_PROBLEMS_PAGE = 1_000;

    public record ProblemPage(ImportSummary summary, List<ImportProblem> problems, String nextPageToken) {}

    /** Every kept problem of an import, in file order, a page at a time. */
    public Outcome<ProblemPage> importProblems(Caller caller, String importId, int pageSize, String pageToken) {
        Rejection denied = Roles.allow(caller, Roles.OFFICE, "reading an import's problems");
        if (denied != null) return Outcome.rejected(denied);
        if (importId == null || !importId.matches("imp-[0-9a-f-]{36}")) {
            return Outcome.rejected(Checks.invalid("import_id", "import_id must be one an ImportIdentities report gave, got " + Checks.show(importId)));
        }
        if (pageSize < 0 || pageSize > MAX_PROBLEMS_PAGE) {
            return Outcome.rejected(Checks.invalid("page_size", "page_size must be 0 to " + MAX_PROBLEMS_PAGE));
        }
        int size = pageSize == 0 ? DEFAULT_PROBLEMS_PAGE : pageSize;
        int from;
        try {
            from = pageToken == null || pageToken.isEmpty() ? 0 : Integer.parseInt(pageToken);
            if (from < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            return Outcome.rejected(Checks.invalid("page_token", "page_token is not one this server gave"));
        }
        return store.read(tx -> {
            Optional<ImportSummary> summary = tx.identityImport(importId);
            if (summary.isEmpty()) return Outcome.rejected(ResultCode.INVALID_ARGUMENT, "import_id", "no import " + importId);
            List<ImportProblem> page = tx.importProblems(importId, from, size);
            String next = from + page.size() < summary.get().problemsKept() ? String.valueOf(from + page.size()) : "";
            return Outcome.ok(new ProblemPage(summary.get(), page, next));
        });
    }

    // ---- reports ----

    public record Clearing(YearMonth month, List<FundTotals> rows, String nextPageToken) {}

    /** 清算: per hospital and fund, settlements (not reversed) whose date is in the month. */
    public Outcome<Clearing> clearing(Caller caller, String month, int pageSize, String pageToken) {
        Rejection denied = Roles.allow(caller, Roles.READERS, "the clearing report");
        if (denied != null) return Outcome.rejected(denied);
        Outcome<Integer> size = Paging.size("page_size", pageSize, DEFAULT_ROWS_PAGE, MAX_ROWS_PAGE);
        if (!size.isOk()) return Outcome.rejected(size.rejection());
        Outcome<String[]> after = Paging.key("page_token", pageToken, 1);
        if (!after.isOk()) return Outcome.rejected(after.rejection());
        String afterCode = after.value().length == 0 ? "" : after.value()[0];
        YearMonth m;
        try {
            m = YearMonth.parse(month == null ? "" : month);
        } catch (java.time.format.DateTimeParseException e) {
            return Outcome.rejected(ResultCode.INVALID_DATE, "month", "month must be like 2024-06, got " + Checks.show(month));
        }
        Paging.Page<FundTotals> page = Paging.of(store.read(tx -> tx.totalsByHospital(m.atDay(1), m.atEndOfMonth(), false, afterCode,
                size.value() + 1)), size.value(), t -> Paging.token(t.hospitalCode()));
        return Outcome.ok(new Clearing(m, page.items(), page.nextPageToken()));
    }

    public record Alerts(String quarter, List<AlertRow> rows, String nextPageToken) {}

    public static final int MAX_ALERTS_PAGE = 2_000;
    public static final int DEFAULT_ALERTS_PAGE = 1_000;

    /** 高额医疗费用预警 of a quarter ("2024-Q2"), for civil affairs. */
    public Outcome<Alerts> alerts(Caller caller, String quarter, int pageSize, String pageToken) {
        Rejection denied = Roles.allow(caller, Roles.OFFICE, "the alert report");
        if (denied != null) return Outcome.rejected(denied);
        Outcome<Integer> size = Paging.size("page_size", pageSize, DEFAULT_ALERTS_PAGE, MAX_ALERTS_PAGE);
        if (!size.isOk()) return Outcome.rejected(size.rejection());
        Outcome<String[]> key = Paging.key("page_token", pageToken, 3);
        if (!key.isOk()) return Outcome.rejected(key.rejection());
        AlertRow.Key after = key.value().length == 0 ? null : new AlertRow.Key(key.value()[0], key.value()[1], key.value()[2]);
        String q = quarter == null ? "" : quarter;
        if (!q.matches("[12][0-9]{3}-Q[1-4]")) return Outcome.rejected(ResultCode.INVALID_DATE, "quarter", "quarter must be like 2024-Q2, got " + Checks.show(q));
        int year = Integer.parseInt(q.substring(0, 4));
        int n = q.charAt(6) - '0';
        LocalDate from = LocalDate.of(year, 3 * n - 2, 1);
        LocalDate to = from.plusMonths(3).minusDays(1);
        Paging.Page<AlertRow> page = Paging.of(store.read(tx -> tx.alerts(from, to, after, size.value() + 1)), size.value(),
                row -> Paging.token(row.settlementDate(), row.hospitalCode(), row.settlementId()));
        return Outcome.ok(new Alerts(q, page.items(), page.nextPageToken()));
    }

    public record AuditPage(List<AuditEntry> entries, String nextPageToken) {}

    /**
     * The audit trail newest first, a page at a time, filtered (each part optional): the exact actor, the exact action,
     * and the office days [fromDate, toDate] the entry was written.
     */
    public Outcome<AuditPage> audit(Caller caller, String actor, String action, String fromDate, String toDate, int pageSize,
                                    String pageToken) {
        Rejection denied = Roles.allow(caller, Roles.READERS, "the audit trail");
        if (denied != null) return Outcome.rejected(denied);
        if (pageSize < 0 || pageSize > MAX_AUDIT_PAGE) return Outcome.rejected(Checks.invalid("page_size", "page_size must be 0 to " + MAX_AUDIT_PAGE));
        int size = pageSize == 0 ? 100 : pageSize;
        long before;
        try {
            before = pageToken == null || pageToken.isEmpty() ? Long.MAX_VALUE : Long.parseLong(pageToken);
        } catch (NumberFormatException e) {
            return Outcome.rejected(Checks.invalid("page_token", "page_token is not one this server gave"));
        }
        Rejection bad = Checks.text("actor", actor, 80, false);
        if (bad == null) bad = Checks.text("action", action, 40, false);
        if (bad != null) return Outcome.rejected(bad);
        Outcome<LocalDate> from = Checks.optionalDate("from_date", fromDate);
        if (!from.isOk()) return Outcome.rejected(from.rejection());
        Outcome<LocalDate> to = Checks.optionalDate("to_date", toDate);
        if (!to.isOk()) return Outcome.rejected(to.rejection());
        if (from.value() != null && to.value() != null && to.value().isBefore(from.value())) {
            return Outcome.rejected(ResultCode.INVALID_DATE, "to_date", "to_date " + to.value() + " is before from_date " + from.value());
        }
        AuditFilter filter = new AuditFilter(actor, action,
                from.value() == null ? Long.MIN_VALUE : from.value().atStartOfDay(OFFICE_ZONE).toInstant().toEpochMilli(),
                to.value() == null ? Long.MAX_VALUE : to.value().plusDays(1).atStartOfDay(OFFICE_ZONE).toInstant().toEpochMilli());
        List<AuditEntry> rows = store.read(tx -> tx.auditPage(filter, before, size + 1));
        String next = "";
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            next = String.valueOf(rows.get(size - 1).id());
        }
        return Outcome.ok(new AuditPage(List.copyOf(rows), next));
    }
}

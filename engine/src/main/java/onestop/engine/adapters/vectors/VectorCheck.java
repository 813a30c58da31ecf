package onestop.engine.adapters.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import onestop.engine.application.EligibilityEngine;
import onestop.engine.application.Inputs;
import onestop.engine.application.SettlementEngine;
import onestop.engine.application.YearLedger;
import onestop.engine.domain.Category;
import onestop.engine.domain.CategoryHolding;
import onestop.engine.domain.Document;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Person;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.Visit;
import onestop.engine.domain.eligibility.EligibilityDecision;
import onestop.engine.domain.eligibility.EligibilityQuery;
import onestop.engine.domain.eligibility.EligibilityReason;
import onestop.engine.domain.money.Money;
import onestop.engine.domain.policy.Policy;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.engine.domain.settlement.TierTotals;

/** Runs one vector of SETTLEMENT.md §9 and lists every field whose value differs from {@code expect}. */
final class VectorCheck {
    /** The vector itself is not in the §9 format. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static final SettlementEngine ENGINE = new SettlementEngine();
    private static final EligibilityEngine ELIGIBILITY = new EligibilityEngine();

    private final List<String> diffs = new ArrayList<>();

    private VectorCheck() {}

    static List<String> run(JsonNode v, Function<String, Policy> policies) {
        VectorCheck c = new VectorCheck();
        String kind = text(v, "kind");
        switch (kind) {
            case "settlement" -> c.settlement(v, policies.apply(text(v, "policy")));
            case "eligibility" -> c.eligibility(v, policies.apply(text(v, "policy")));
            case "id" -> c.id(v);
            default -> throw new Malformed("unknown kind \"" + kind + "\"");
        }
        return c.diffs;
    }

    // ---- kinds ----

    private void id(JsonNode v) {
        boolean valid = IdNumber.isValid(text(v, "idNumber"));
        JsonNode expect = obj(v, "expect");
        boolean expected = expect.path("valid").asBoolean();
        if (!expect.path("valid").isBoolean()) throw new Malformed("expect.valid must be true or false");
        if (valid != expected) diffs.add("valid: expected " + expected + ", got " + valid);
    }

    private void eligibility(JsonNode v, Policy policy) {
        JsonNode q = obj(v, "query");
        JsonNode expect = obj(v, "expect");
        JsonNode person = obj(q, "person");
        JsonNode hospital = obj(q, "hospital");
        Outcome<List<CategoryHolding>> holdings = categories(person.path("categories"), "query.person.categories");
        Outcome<EligibilityDecision> outcome = holdings.isOk()
                ? decide(policy, q, person, hospital, holdings.value()) : Outcome.rejected(holdings.rejection());
        if (expect.has("error")) {
            expectError(expect, outcome.rejection(), "");
            return;
        }
        if (!outcome.isOk()) {
            diffs.add("expected a decision, got error " + outcome.rejection());
            return;
        }
        EligibilityDecision d = outcome.value();
        for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode x = e.getValue();
            switch (e.getKey()) {
                case "depositWaiver" -> same("depositWaiver", x.asBoolean(), d.depositWaiver());
                case "payAfterTreatment" -> same("payAfterTreatment", x.asBoolean(), d.payAfterTreatment());
                case "category" -> same("category", x.isNull() ? null : x.asText(), d.category() == null ? null : d.category().name());
                case "reasons" -> {
                    List<String> want = new ArrayList<>();
                    x.forEach(r -> want.add(r.asText()));
                    same("reasons", want, d.reasons().stream().map(EligibilityReason::name).toList());
                }
                default -> throw new Malformed("unknown expect field \"" + e.getKey() + "\"");
            }
        }
    }

    private static Outcome<EligibilityDecision> decide(Policy policy, JsonNode q, JsonNode person, JsonNode hospital,
                                                       List<CategoryHolding> holdings) {
        Outcome<LocalDate> date = Inputs.date("date", text(q, "date"));
        if (!date.isOk()) return Outcome.rejected(date.rejection());
        Outcome<Document> doc = Inputs.document("document", text(q, "document"));
        if (!doc.isOk()) return Outcome.rejected(doc.rejection());
        return Outcome.ok(ELIGIBILITY.decide(policy, new EligibilityQuery(
                text(person, "county"), bool(person, "insured"), holdings,
                text(hospital, "county"), bool(hospital, "designated"),
                date.value(), doc.value(), bool(q, "referral"), bool(q, "agreementSigned"))));
    }

    private void settlement(JsonNode v, Policy policy) {
        JsonNode personNode = obj(v, "person");
        Outcome<Scheme> scheme = Inputs.scheme("person.scheme", text(personNode, "scheme"));
        Outcome<List<CategoryHolding>> holdings = categories(personNode.path("categories"), "person.categories");
        Rejection personProblem = !scheme.isOk() ? scheme.rejection() : holdings.rejection();
        Accumulators start = v.has("ytd") && !v.get("ytd").isNull() ? accumulators(v.get("ytd"), "ytd") : Accumulators.ZERO;
        YearLedger ledger = personProblem == null
                ? new YearLedger(ENGINE, policy, new Person(scheme.value(), holdings.value()), start) : null;
        JsonNode steps = v.get("steps");
        if (steps == null || !steps.isArray()) throw new Malformed("steps must be a list");
        int n = 0;
        for (JsonNode step : steps) {
            n++;
            String at = "step " + n + ": ";
            JsonNode expect = obj(step, "expect");
            if (step.has("settle")) {
                JsonNode s = step.get("settle");
                Outcome<SettlementResult> outcome;
                if (personProblem != null) {
                    outcome = Outcome.rejected(personProblem);
                } else {
                    Outcome<Visit> visit = Inputs.visit(text(s, "id"), text(s, "date"), text(s, "type"),
                            text(s, "hospitalLevel"), text(s, "total"), text(s, "outOfScope"), text(s, "priorSelfPay"),
                            s.hasNonNull("specialDisease") ? s.get("specialDisease").asText() : null);
                    outcome = visit.isOk() ? ledger.settle(visit.value()) : Outcome.rejected(visit.rejection());
                }
                if (expect.has("error")) {
                    expectError(expect, outcome.rejection(), at);
                } else if (!outcome.isOk()) {
                    diffs.add(at + "expected a settlement, got error " + outcome.rejection());
                } else {
                    compareResult(at, expect, outcome.value());
                }
            } else if (step.has("reverse")) {
                String id = step.get("reverse").asText();
                Outcome<Accumulators> outcome = personProblem != null ? Outcome.rejected(personProblem) : ledger.reverse(id);
                if (expect.has("error")) {
                    expectError(expect, outcome.rejection(), at);
                } else if (!outcome.isOk()) {
                    diffs.add(at + "expected the reversal, got error " + outcome.rejection());
                } else {
                    for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        switch (e.getKey()) {
                            case "reversed" -> same(at + "reversed", e.getValue().asText(), id);
                            case "ytdAfter" -> compareAccumulators(at + "ytdAfter.", e.getValue(), outcome.value());
                            default -> throw new Malformed("unknown expect field \"" + e.getKey() + "\"");
                        }
                    }
                }
            } else {
                throw new Malformed(at + "must have settle or reverse");
            }
        }
    }

    private void compareResult(String at, JsonNode expect, SettlementResult r) {
        for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            JsonNode x = e.getValue();
            switch (f) {
                case "mode" -> same(at + f, x.asText(), r.mode().name());
                case "compliant" -> amount(at + f, x, r.compliantFen());
                case "basicPay" -> amount(at + f, x, r.basicPayFen());
                case "ciPay" -> amount(at + f, x, r.ciPayFen());
                case "supplementary" -> {
                    Set<String> tiers = new LinkedHashSet<>(r.supplementaryPayFen().keySet());
                    x.fieldNames().forEachRemaining(tiers::add);
                    for (String tier : tiers) {
                        JsonNode want = x.get(tier);
                        amountOrZero(at + "supplementary." + tier, want, r.supplementaryPayFen(tier));
                    }
                }
                case "assistancePay" -> amount(at + f, x, r.assistancePayFen());
                case "assistanceCategory" -> same(at + f, x.isNull() ? null : x.asText(), r.assistanceCategory());
                case "fundPay" -> amount(at + f, x, r.fundPayFen());
                case "hospitalAbsorbed" -> amount(at + f, x, r.hospitalAbsorbedFen());
                case "patientPay" -> amount(at + f, x, r.patientPayFen());
                case "alert" -> same(at + f, x.asBoolean(), r.alert());
                case "ytdAfter" -> compareAccumulators(at + "ytdAfter.", x, r.after());
                default -> throw new Malformed("unknown expect field \"" + f + "\"");
            }
        }
    }

    private void compareAccumulators(String at, JsonNode x, Accumulators a) {
        for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            JsonNode w = e.getValue();
            switch (f) {
                case "basicPaid" -> {
                    for (Iterator<Map.Entry<String, JsonNode>> t = w.fields(); t.hasNext(); ) {
                        Map.Entry<String, JsonNode> te = t.next();
                        Outcome<onestop.engine.domain.VisitType> type = Inputs.visitType(f, te.getKey());
                        if (!type.isOk()) throw new Malformed(at + "basicPaid." + te.getKey() + ": unknown visit type");
                        amount(at + "basicPaid." + te.getKey(), te.getValue(), a.basicPaidFen(type.value()));
                    }
                }
                case "ciBase" -> amount(at + f, w, a.ciBaseFen());
                case "ciPaid" -> amount(at + f, w, a.ciPaidFen());
                case "supplementary" -> {
                    Set<String> tiers = new LinkedHashSet<>(a.supplementary().keySet());
                    w.fieldNames().forEachRemaining(tiers::add);
                    for (String tier : tiers) {
                        JsonNode want = w.get(tier);
                        TierTotals got = a.supplementary(tier);
                        amountOrZero(at + "supplementary." + tier + ".base", want == null ? null : want.get("base"), got.baseFen());
                        amountOrZero(at + "supplementary." + tier + ".paid", want == null ? null : want.get("paid"), got.paidFen());
                    }
                }
                case "assistanceBase" -> amount(at + f, w, a.assistanceBaseFen());
                case "assistancePaid" -> amount(at + f, w, a.assistancePaidFen());
                case "quotaAssistancePaid" -> amount(at + f, w, a.quotaAssistancePaidFen());
                case "outOfPocket" -> amount(at + f, w, a.outOfPocketFen());
                case "admissions" -> same(at + f, (long) w.asInt(), (long) a.admissions());
                default -> throw new Malformed("unknown accumulator \"" + f + "\"");
            }
        }
    }

    // ---- comparisons ----

    private void expectError(JsonNode expect, Rejection got, String at) {
        String want = expect.get("error").asText();
        if (got == null) diffs.add(at + "expected error " + want + ", got a result");
        else if (!got.code().name().equals(want)) diffs.add(at + "error: expected " + want + ", got " + got);
    }

    private void same(String field, Object expected, Object actual) {
        if (!java.util.Objects.equals(expected, actual)) {
            diffs.add(field + ": expected " + expected + ", got " + actual);
        }
    }

    /** Amounts compare as decimals: "12.5" equals 1250 fen. */
    private void amount(String field, JsonNode expected, long actualFen) {
        BigDecimal want = decimal(field, expected);
        if (want.compareTo(BigDecimal.valueOf(actualFen, 2)) != 0) {
            diffs.add(field + ": expected " + want.toPlainString() + ", got " + Money.format(actualFen));
        }
    }

    private void amountOrZero(String field, JsonNode expected, long actualFen) {
        if (expected == null || expected.isNull()) {
            if (actualFen != 0) diffs.add(field + ": expected 0.00 (absent), got " + Money.format(actualFen));
        } else {
            amount(field, expected, actualFen);
        }
    }

    private static BigDecimal decimal(String field, JsonNode n) {
        try {
            return new BigDecimal(n.asText());
        } catch (NumberFormatException e) {
            throw new Malformed(field + ": not a decimal: " + n);
        }
    }

    // ---- reading the vector ----

    private static Outcome<List<CategoryHolding>> categories(JsonNode list, String field) {
        List<CategoryHolding> r = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) return Outcome.ok(r);
        if (!list.isArray()) throw new Malformed(field + " must be a list");
        int i = 0;
        for (JsonNode c : list) {
            String f = field + "[" + i++ + "]";
            if (c.isTextual()) {
                Outcome<Category> cat = Inputs.category(f, c.asText());
                if (!cat.isOk()) return Outcome.rejected(cat.rejection());
                r.add(CategoryHolding.always(cat.value()));
            } else {
                Outcome<Category> cat = Inputs.category(f + ".category", text(c, "category"));
                if (!cat.isOk()) return Outcome.rejected(cat.rejection());
                LocalDate from = null;
                LocalDate to = null;
                if (c.hasNonNull("from")) {
                    Outcome<LocalDate> d = Inputs.date(f + ".from", c.get("from").asText());
                    if (!d.isOk()) return Outcome.rejected(d.rejection());
                    from = d.value();
                }
                if (c.hasNonNull("to")) {
                    Outcome<LocalDate> d = Inputs.date(f + ".to", c.get("to").asText());
                    if (!d.isOk()) return Outcome.rejected(d.rejection());
                    to = d.value();
                }
                if (from != null && to != null && to.isBefore(from)) {
                    return Outcome.rejected(onestop.engine.domain.ResultCode.INVALID_DATE, f + ".to", "identity ends before it starts");
                }
                r.add(new CategoryHolding(cat.value(), from, to));
            }
        }
        return Outcome.ok(r);
    }

    private static Accumulators accumulators(JsonNode y, String field) {
        JsonNode basic = y.path("basicPaid");
        Map<String, TierTotals> supp = new LinkedHashMap<>();
        y.path("supplementary").fields().forEachRemaining(e -> supp.put(e.getKey(),
                new TierTotals(fen(e.getValue().path("base"), field), fen(e.getValue().path("paid"), field))));
        Accumulators a = new Accumulators(fen(basic.path("INPATIENT"), field), fen(basic.path("OUTPATIENT"), field),
                fen(y.path("ciBase"), field), fen(y.path("ciPaid"), field), supp,
                fen(y.path("assistanceBase"), field), fen(y.path("assistancePaid"), field),
                fen(y.path("quotaAssistancePaid"), field), fen(y.path("outOfPocket"), field), y.path("admissions").asInt(0));
        if (a.firstNegativeField() != null) throw new Malformed(field + "." + a.firstNegativeField() + " is negative");
        return a;
    }

    private static long fen(JsonNode n, String field) {
        if (n.isMissingNode() || n.isNull()) return 0;
        long fen = Money.parseOrMinusOne(n.asText());
        if (fen < 0) throw new Malformed(field + ": not an amount: " + n);
        return fen;
    }

    private static JsonNode obj(JsonNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n == null || !n.isObject()) throw new Malformed(key + " must be an object");
        return n;
    }

    private static String text(JsonNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) throw new Malformed("missing " + key);
        if (!n.isValueNode()) throw new Malformed(key + " must be a value");
        return n.asText();
    }

    private static boolean bool(JsonNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n == null || !n.isBoolean()) throw new Malformed(key + " must be true or false");
        return n.asBoolean();
    }
}

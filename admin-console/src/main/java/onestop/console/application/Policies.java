package onestop.console.application;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onestop.v1.Accumulators;
import onestop.v1.CategoryPeriod;
import onestop.v1.HospitalLevel;
import onestop.v1.ListPoliciesRequest;
import onestop.v1.ListPoliciesResponse;
import onestop.v1.ListPolicyVersionsRequest;
import onestop.v1.Person;
import onestop.v1.PolicyDocument;
import onestop.v1.Scheme;
import onestop.v1.TryBillsRequest;
import onestop.v1.Visit;
import onestop.v1.VisitType;

/**
 * 政策: the policies per region and year, their versions and a line diff of two, an upload checked first by the
 * server, and the what-if run of a person's bills. The console never parses a policy's YAML itself: the server does,
 * with its limits (a text over {@link #MAX_YAML_CHARS} is refused here, before anything is sent).
 */
public final class Policies {
    /** The wire's limit on a policy text. */
    public static final int MAX_YAML_CHARS = 262_144;
    /** Bills in one what-if run (the wire allows 50; the form offers up to this many rows). */
    public static final int MAX_BILLS = 20;

    private final OfficeServer server;

    public Policies(OfficeServer server) {
        this.server = server;
    }

    /** A policy as the list shows it: its newest version and how many it has. */
    public record Listed(PolicyDocument newest, int versions) {}

    /**
     * The policies of one region (or all) and one year (or all), by region, year and id: one row a policy, its newest
     * version (the server lists every version).
     */
    public List<Listed> list(String token, String region, int year) {
        List<PolicyDocument> all = Reports.all(t -> server.listPolicies(token, ListPoliciesRequest.newBuilder().setRegion(region).setPageToken(t).build()),
                ListPoliciesResponse::getPoliciesList, ListPoliciesResponse::getNextPageToken);
        Map<String, List<PolicyDocument>> byId = new java.util.TreeMap<>();
        for (PolicyDocument d : all) if (year == 0 || d.getYear() == year) byId.computeIfAbsent(d.getPolicyId(), k -> new ArrayList<>()).add(d);
        return byId.values().stream()
                .map(v -> new Listed(v.stream().max(java.util.Comparator.comparingLong(PolicyDocument::getLoadedAtMillis)).orElseThrow(), v.size()))
                .sorted(java.util.Comparator.comparing((Listed l) -> l.newest().getRegion()).thenComparing(l -> l.newest().getYear())
                        .thenComparing(l -> l.newest().getPolicyId()))
                .toList();
    }

    /**
     * The form field a server's refusal of TryBills names: {@code bills[1].total_fen} is the second row's 医疗费用总额,
     * {@code person.county} the profile's county.
     */
    public static String tryField(String wire) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("bills\\[(\\d+)\\]\\.(\\w+)").matcher(wire);
        if (m.matches()) return "bill." + m.group(1) + "." + m.group(2).replaceAll("_fen$", "");
        if (wire.startsWith("person.")) return wire.substring("person.".length()).replaceAll("\\[\\d+\\].*", "");
        return wire;
    }

    /** Every stored version, newest first. */
    public List<PolicyDocument> versions(String token, String policyId) {
        return server.policyVersions(token, ListPolicyVersionsRequest.newBuilder().setPolicyId(policyId).build()).getVersionsList();
    }

    /** The version with this digest (or the newest for "current"). */
    public static PolicyDocument version(List<PolicyDocument> versions, String sha256, String field) {
        if (versions.isEmpty()) throw new ConsoleException("POLICY_NOT_FOUND", field, "no versions");
        if (sha256 == null || sha256.isEmpty() || sha256.equals("current")) return versions.get(0);
        return versions.stream().filter(v -> v.getSha256().equals(sha256)).findFirst()
                .orElseThrow(() -> ConsoleException.field(field, "所选版本不存在, 请重新选择"));
    }

    /** An uploaded file's bytes as a policy text: UTF-8 only (the policies' encoding), within the wire's limit. */
    public static String text(byte[] bytes, String typed) {
        String yaml;
        if (bytes != null && bytes.length > 0) {
            yaml = RosterFile.strict(bytes, StandardCharsets.UTF_8);
            if (yaml == null) throw ConsoleException.field("file", "政策文件须为 UTF-8 编码的 YAML");
            if (yaml.startsWith("\uFEFF")) yaml = yaml.substring(1);
        } else {
            yaml = typed == null ? "" : typed;
        }
        if (yaml.isBlank()) throw ConsoleException.field("yaml", "请选择政策文件或粘贴政策内容");
        if (yaml.length() > MAX_YAML_CHARS) throw ConsoleException.field("yaml", "政策内容过长 (最多 " + MAX_YAML_CHARS + " 个字符)");
        return yaml;
    }

    /**
     * The what-if request from the form: the policy (stored id or draft text), the person's profile, and each bill row
     * whose total is filled in. Every field is checked here and named at its box.
     */
    public static TryBillsRequest tryRequest(Map<String, String> form) {
        Checks f = new Checks(form);
        TryBillsRequest.Builder b = TryBillsRequest.newBuilder();
        if (f.raw("source").equals("draft")) {
            String draft = f.raw("draft_yaml");
            if (draft.isEmpty()) throw ConsoleException.field("draft_yaml", "请粘贴草案政策内容");
            if (draft.length() > MAX_YAML_CHARS) throw ConsoleException.field("draft_yaml", "政策内容过长 (最多 " + MAX_YAML_CHARS + " 个字符)");
            b.setDraftYaml(draft);
        } else {
            b.setPolicyId(f.code("policy_id", "结算政策", "[A-Za-z0-9._-]{1,64}", "不是有效的政策编号", true));
        }
        Person.Builder p = Person.newBuilder();
        p.setScheme(Scheme.valueOf(f.choice("scheme", "险种", Labels.SCHEMES.keySet(), true)));
        p.setCounty(f.code("county", "参保地 (县区代码)", "\\d{6}", "须为 6 位县区代码, 如 341002", true));
        // empty: insured in the policy's year (the server's default)
        String years = f.raw("insured_years");
        for (String y : years.isEmpty() ? new String[0] : years.split("[,，\\s]+")) {
            if (!y.matches("(19|20)\\d{2}")) throw ConsoleException.field("insured_years", "参保年度须为年份, 多个用逗号分开, 如 2023,2024");
            p.addInsuredYears(Integer.parseInt(y));
        }
        for (String c : Labels.CATEGORIES.keySet()) {
            if (f.ticked("cat." + c)) p.addCategories(CategoryPeriod.newBuilder().setCategory(onestop.v1.Category.valueOf(c)));
        }
        b.setPerson(p);
        for (int i = 0; i < MAX_BILLS; i++) {
            String k = "bill." + i + ".";
            if (f.raw(k + "total").isEmpty()) continue;
            Visit.Builder v = Visit.newBuilder().setSettlementId("TRY-" + (i + 1));
            v.setDate(f.date(k + "date", "第 " + (i + 1) + " 笔的结算日期", true));
            v.setType(VisitType.valueOf(f.choice(k + "type", "第 " + (i + 1) + " 笔的就诊类型", Labels.VISIT_TYPES.keySet(), true)));
            v.setHospitalLevel(HospitalLevel.valueOf(f.choice(k + "hospital_level", "第 " + (i + 1) + " 笔的医院等级", Labels.LEVELS.keySet(), true)));
            long total = f.fen(k + "total", "第 " + (i + 1) + " 笔的" + Labels.TOTAL, true);
            long outOfScope = f.fen(k + "out_of_scope", "第 " + (i + 1) + " 笔的" + Labels.OUT_OF_SCOPE, false);
            long prior = f.fen(k + "prior_self_pay", "第 " + (i + 1) + " 笔的" + Labels.PRIOR_SELF_PAY, false);
            if (outOfScope + prior > total) {
                throw ConsoleException.field(k + "out_of_scope", Labels.OUT_OF_SCOPE + "与" + Labels.PRIOR_SELF_PAY + "之和不能超过" + Labels.TOTAL);
            }
            v.setTotalFen(total).setOutOfScopeFen(outOfScope).setPriorSelfPayFen(prior);
            v.setSpecialDisease(f.code(k + "special_disease", "单病种编码", "[A-Za-z0-9._-]{1,32}", "只能由字母、数字和 . _ - 组成", false));
            b.addBills(v);
        }
        if (b.getBillsCount() == 0) throw ConsoleException.field("bill.0.total", "请至少填写一笔费用 (" + Labels.TOTAL + ")");
        b.setStarting(Accumulators.getDefaultInstance());
        return b.build();
    }

    /** Rows of the try form: the posted ones, at least {@code rows}. */
    public static List<Integer> billRows(int rows) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < Math.max(1, Math.min(MAX_BILLS, rows)); i++) r.add(i);
        return r;
    }
}

package onestop.console.application;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Chinese words of ../shared/spec/GLOSSARY.md as the console shows them: the same words as the agent's cashier page
 * and the one-bill statement. Codes stay English on the wire; labels are for people.
 */
public final class Labels {
    private Labels() {}

    public static final Map<String, String> ROLES = Map.of("ADMIN", "管理员", "AUDITOR", "审计员", "CIVIL_AFFAIRS", "民政");

    /** In the order of SETTLEMENT.md §2 (and of the forms' check boxes). */
    public static final Map<String, String> CATEGORIES = ordered(
            "DESTITUTE", "特困供养人员", "ORPHAN", "孤儿", "MINIMUM_LIVING", "低保对象", "REGISTERED_POOR", "建档立卡贫困人口",
            "POVERTY_RELAPSE", "返贫致贫人口", "MONITORED", "防止返贫监测对象", "LOW_INCOME", "低收入对象",
            "ILLNESS_POVERTY", "因病致贫重病患者", "KEY_VETERAN", "在乡重点优抚对象");
    public static final Map<String, String> SCHEMES = ordered("RESIDENT", "城乡居民医保", "EMPLOYEE", "职工医保");
    public static final Map<String, String> VISIT_TYPES = ordered("INPATIENT", "住院", "OUTPATIENT", "门诊");
    public static final Map<String, String> LEVELS = ordered("PRIMARY", "一级医院", "SECONDARY", "二级医院", "TERTIARY", "三级医院");
    public static final Map<String, String> STATUSES = ordered("SETTLED", "已结算", "REVERSED", "已撤销");
    public static final Map<String, String> IMPORT_MODES = ordered("VALIDATE_ONLY", "仅校验", "APPLY", "应用",
            "APPLY_SKIPPING_BAD_ROWS", "跳过问题行应用");
    public static final Map<String, String> IMPORT_PHASES = ordered("reading", "读取文件", "checking", "校验", "applying", "应用",
            "done", "完成");
    public static final Map<String, String> PROBLEM_KINDS = ordered(
            "IMPORT_FILE_LIMIT", "文件超过大小或行数限制", "IMPORT_BAD_HEADER", "表头不符", "IMPORT_BAD_QUOTING", "引号不配对",
            "IMPORT_WRONG_COLUMN_COUNT", "列数不符", "IMPORT_EMPTY_FIELD", "必填项为空", "IMPORT_FIELD_TOO_LONG", "内容过长",
            "IMPORT_INVALID_ID_NUMBER", "身份证号码无效", "IMPORT_BAD_HOUSEHOLD_SIZE", "家庭人口有误",
            "IMPORT_UNKNOWN_ADJUSTMENT", "调整类型不是 新识别/自然增加/自然减少", "IMPORT_BAD_DATE", "日期格式有误",
            "IMPORT_DATE_OUT_OF_RANGE", "日期超出范围", "IMPORT_UNKNOWN_CATEGORY", "救助对象类别未知",
            "IMPORT_NOT_INSURED", "未参加基本医保", "IMPORT_DUPLICATE_IN_FILE", "文件内重复",
            "IMPORT_HELD_BY_OTHER_DEPARTMENT", "其他部门已认定 (跨部门重复)", "IMPORT_OVERLAPPING_PERIOD", "身份期间重叠",
            "IMPORT_NO_OPEN_PERIOD", "自然减少的身份不存在", "IMPORT_END_BEFORE_START", "结束日期早于开始日期");

    // the one-bill statement (一单制结算单) and the report columns
    public static final String TOTAL = "医疗费用总额";
    public static final String OUT_OF_SCOPE = "全自费金额 (政策范围外)";
    public static final String PRIOR_SELF_PAY = "先行自付金额";
    public static final String COMPLIANT = "政策范围内费用 (合规费用)";
    public static final String BASIC = "基本医保统筹支付";
    public static final String CRITICAL_ILLNESS = "大病保险支付";
    public static final String SUPPLEMENTARY = "补充医疗保险支付";
    public static final String ASSISTANCE = "医疗救助支付";
    public static final String FUNDS = "基金支付合计";
    public static final String HOSPITAL_ABSORBED = "超限额部分 (医院承担)";
    public static final String PATIENT = "个人自付 (出院应缴)";
    public static final String SETTLEMENT_ID = "结算单号";
    public static final String POLICY = "结算政策 (政策编号)";
    public static final String REVERSAL = "结算撤销";
    public static final String STATEMENT = "一单制结算单";
    public static final String PROVISIONAL = "临时结算 (待中心确认)";
    public static final String OWES = "应补";
    public static final String OWED = "应退";
    public static final String DESIGNATED = "定点医疗机构";

    public static String of(Map<String, String> labels, String code) {
        return labels.getOrDefault(code, code);
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }
}

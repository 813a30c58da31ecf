package onestop.agent.application;

import java.util.Map;

/**
 * The Chinese words of ../shared/spec/GLOSSARY.md: one label for each code, so that the cashier page, the statement,
 * the HIS's answers and the office console say the same thing. Codes stay English in the API; labels are for people.
 */
public final class Labels {
    private Labels() {}

    public static final Map<String, String> REASONS = Map.of(
            "NOT_INSURED", "本年度未参加基本医保",
            "NO_ELIGIBLE_IDENTITY", "不属于免押金救助对象 (不在名单内或身份已到期)",
            "NOT_DESIGNATED_HOSPITAL", "本院不是该患者医保的定点医疗机构",
            "OUT_OF_SCOPE", "非本县 (区) 参保, 且未办理转诊或异地备案",
            "DOCUMENT_NOT_ACCEPTED", "所持证件不能用于本地一站式结算, 请出示身份证、社保卡或医保电子凭证",
            "AGREEMENT_REQUIRED", "请先签署《先诊疗后付费协议》");

    public static final Map<String, String> CATEGORIES = Map.of(
            "DESTITUTE", "特困供养人员", "ORPHAN", "孤儿", "MINIMUM_LIVING", "低保对象", "REGISTERED_POOR", "建档立卡贫困人口",
            "POVERTY_RELAPSE", "返贫致贫人口", "MONITORED", "防止返贫监测对象", "LOW_INCOME", "低收入对象",
            "ILLNESS_POVERTY", "因病致贫重病患者", "KEY_VETERAN", "在乡重点优抚对象");

    public static final Map<String, String> DOCUMENTS = Map.of(
            "ID_CARD", "居民身份证", "SOCIAL_SECURITY_CARD", "社会保障卡", "HOUSEHOLD_REGISTER", "户口簿", "E_VOUCHER", "医保电子凭证");

    public static final Map<String, String> SCHEMES = Map.of("RESIDENT", "城乡居民医保", "EMPLOYEE", "职工医保");
    public static final Map<String, String> VISIT_TYPES = Map.of("INPATIENT", "住院", "OUTPATIENT", "门诊");
    public static final Map<String, String> LEVELS = Map.of("PRIMARY", "一级医院", "SECONDARY", "二级医院", "TERTIARY", "三级医院");

    public static final String DEPOSIT_WAIVED = "免交住院押金";
    public static final String DEPOSIT_REQUIRED = "需交住院押金";
    public static final String PAY_AFTER = "可先诊疗后付费";
    public static final String NO_PAY_AFTER = "不适用先诊疗后付费";
    public static final String OFFLINE_ELIGIBILITY = "与医保结算中心的连接中断: 资格按本机名单判断 (名单更新于 %s)";
    public static final String AGREEMENT = "先诊疗后付费协议";
    public static final String REFERRAL = "转诊转院 / 异地就医备案";
    public static final String DESIGNATED = "定点医疗机构";
    /** The written notice for a patient who does not qualify (the seeds' title). */
    public static final String NOTICE = "不符合医疗救助条件书面告知书";
    public static final String NOTICE_WHERE_TO_ASK = "如有疑问, 请咨询参保地县 (区) 民政局或医疗保障局";

    // the one-bill statement (一单制结算单)
    public static final String TOTAL = "医疗费用总额";
    public static final String OUT_OF_SCOPE = "全自费金额 (政策范围外)";
    public static final String PRIOR_SELF_PAY = "先行自付金额";
    public static final String COMPLIANT = "政策范围内费用 (合规费用)";
    public static final String BASIC = "基本医保统筹支付";
    public static final String CRITICAL_ILLNESS = "大病保险支付";
    public static final String ASSISTANCE = "医疗救助支付";
    public static final String FUNDS = "基金支付合计";
    public static final String HOSPITAL_ABSORBED = "超限额部分 (医院承担)";
    public static final String PATIENT = "个人自付 (出院应缴)";
    public static final String SETTLEMENT_ID = "结算单号";
    public static final String POLICY = "结算政策 (政策编号)";
    public static final String REVERSAL = "结算撤销";
    public static final String PRE_SETTLEMENT = "预结算";
    public static final String STATEMENT = "一单制结算单";
    public static final String PROVISIONAL = "临时结算 (待中心确认)";

    /** Request fields (the API's names) as the page and its error messages name them. */
    public static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("id_number", "证件号码"), Map.entry("name", "姓名"), Map.entry("document", "证件类型"),
            Map.entry("date", "入院日期"), Map.entry("referral", REFERRAL), Map.entry("agreement_signed", AGREEMENT),
            Map.entry("code", "医保电子凭证"), Map.entry("request_id", "请求编号"), Map.entry("reason", "撤销原因"),
            Map.entry("settlement_id", SETTLEMENT_ID), Map.entry("visit", "费用信息"), Map.entry("visit.settlement_id", SETTLEMENT_ID),
            Map.entry("visit.date", "结算日期"), Map.entry("visit.type", "就诊类型"), Map.entry("visit.hospital_level", "医院等级"),
            Map.entry("visit.total", TOTAL), Map.entry("visit.out_of_scope", OUT_OF_SCOPE), Map.entry("visit.prior_self_pay", PRIOR_SELF_PAY),
            Map.entry("visit.special_disease", "单病种"));

    public static String of(Map<String, String> labels, String code) {
        return labels.getOrDefault(code, code);
    }
}

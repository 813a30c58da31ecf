package onestop.agent.adapters.web;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import onestop.agent.application.Labels;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.money.Money;

/**
 * A rejection as the cashier reads it: the field by its Chinese label (the glossary's) and what to do, in Chinese.
 * Fields come from the agent ({@code visit.total}), the server ({@code visit.total_fen}) or the engine ({@code total});
 * all are named by the form field they are about, so the page can mark and focus it.
 */
final class PageMessages {
    private PageMessages() {}

    private static final Map<ResultCode, String> TEXT = new EnumMap<>(ResultCode.class);

    static {
        TEXT.put(ResultCode.INVALID_ID_NUMBER, "%s不是有效的居民身份证号码 (18 位, 末位可为 X), 请核对");
        TEXT.put(ResultCode.INVALID_AMOUNT, "%s须为金额, 如 1234.50 (0 至 1000000000.00 元, 最多两位小数)");
        TEXT.put(ResultCode.INVALID_DATE, "%s须为日期, 如 2024-06-10");
        TEXT.put(ResultCode.UNKNOWN_DOCUMENT, "请选择%s");
        TEXT.put(ResultCode.UNKNOWN_VISIT_TYPE, "请选择%s (住院或门诊)");
        TEXT.put(ResultCode.UNKNOWN_HOSPITAL_LEVEL, "%s不是本院登记的等级");
        TEXT.put(ResultCode.UNKNOWN_SPECIAL_DISEASE, "%s编码不在结算政策的单病种目录中");
        TEXT.put(ResultCode.POLICY_YEAR_MISMATCH, "%s与结算政策的年度不符");
        TEXT.put(ResultCode.POLICY_NOT_FOUND, "没有该参保地当年的结算政策, 请核对%s");
        TEXT.put(ResultCode.NO_POLICY_FOR_SCHEME, "结算政策中没有该患者险种的此类就诊待遇, 请核对%s");
        TEXT.put(ResultCode.PERSON_NOT_FOUND, "查无此参保人员, 请核对%s");
        TEXT.put(ResultCode.NOT_INSURED_FOR_YEAR, "该患者当年未参加基本医保, 不能医保结算 (请核对%s)");
        TEXT.put(ResultCode.DUPLICATE_SETTLEMENT, "%s已被使用: 请换一个, 或在结算查询中打开该单");
        TEXT.put(ResultCode.UNKNOWN_SETTLEMENT, "查无此%s");
        TEXT.put(ResultCode.ALREADY_REVERSED, "该结算单已撤销, 不能再次撤销");
        TEXT.put(ResultCode.REQUEST_ID_REUSED, "本页的请求已提交过且内容不同: 请按 Alt+J 重新开始");
        TEXT.put(ResultCode.SERVER_UNREACHABLE, "与医保结算中心的连接中断, 本次操作未完成。请稍后再按一次 (同一请求不会重复结算)");
        TEXT.put(ResultCode.OFFLINE_LIMIT, "与医保结算中心的连接中断, 且已达本机临时结算限额 (见下方说明), 本次未结算: 请待联网后结算, 或按规定收取押金");
        TEXT.put(ResultCode.RESOURCE_EXHAUSTED, "医保结算中心繁忙, 本次操作未完成, 请稍后重试");
        TEXT.put(ResultCode.PERMISSION_DENIED, "本院无权办理此项业务");
        TEXT.put(ResultCode.UNAUTHENTICATED, "本机的医院凭证无效, 请联系信息科");
        TEXT.put(ResultCode.HOSPITAL_NOT_FOUND, "本院未在医保结算中心登记, 请联系信息科");
        TEXT.put(ResultCode.VOUCHER_INVALID, "无法识别所扫的医保电子凭证, 请重新扫码或输入证件号码");
        TEXT.put(ResultCode.VOUCHER_EXPIRED, "医保电子凭证已过期, 请患者刷新二维码后重新扫码");
        TEXT.put(ResultCode.NO_READER, "未连接读卡器, 请输入证件号码");
        TEXT.put(ResultCode.NO_CARD, "未检测到卡片, 请插卡后再按 F2, 或输入证件号码");
        TEXT.put(ResultCode.CARD_REMOVED, "读卡时卡片被拔出, 请重新插卡后再按 F2");
        TEXT.put(ResultCode.READ_FAILED, "读卡失败, 请重试或输入证件号码");
    }

    /** The form field a rejection is about, whoever named it. */
    static String field(String field) {
        return switch (field) {
            case "visit.total_fen", "total" -> "visit.total";
            case "visit.out_of_scope_fen", "outOfScope" -> "visit.out_of_scope";
            case "visit.prior_self_pay_fen", "priorSelfPay" -> "visit.prior_self_pay";
            case "specialDisease" -> "visit.special_disease";
            case "type" -> "visit.type";
            case "hospitalLevel" -> "visit.hospital_level";
            case "settlementId", "id" -> "settlement_id";
            case "scheme" -> "id_number";
            default -> field;
        };
    }

    static String label(String field) {
        return Labels.FIELDS.getOrDefault(field, "");
    }

    /**
     * {field, label, message, detail}: the Chinese message, and the application's own words (ID numbers masked) for
     * whoever supports the counter. {@code form} tells an amount that does not parse from parts over the total.
     */
    static Map<String, String> of(AgentException e, Map<String, String> form) {
        String field = field(e.field());
        String label = label(field);
        String message;
        if (e.code() == ResultCode.INVALID_AMOUNT && (field.equals("visit.out_of_scope") || field.equals("visit.prior_self_pay"))
                && Money.parseOrMinusOne(form.getOrDefault(field, "").strip()) >= 0) {
            message = Labels.OUT_OF_SCOPE + "与" + Labels.PRIOR_SELF_PAY + "之和不能超过" + Labels.TOTAL;
        } else if (e.code() == ResultCode.INVALID_ARGUMENT) {
            message = invalid(field, label, e.getMessage());
        } else {
            message = String.format(TEXT.getOrDefault(e.code(), "%s: 操作未完成"), label.isEmpty() ? "输入" : label);
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("field", field);
        m.put("label", label);
        m.put("message", message);
        m.put("detail", e.code().name() + ": " + IdNumber.maskAll(e.getMessage()));
        return m;
    }

    private static String invalid(String field, String label, String message) {
        String what = label.isEmpty() ? "输入" : label;
        if (message.contains("is required")) return "请填写" + what;
        if (message.contains("longer than")) return what + "过长";
        if (message.contains("control character")) return what + "含有不可见字符, 请重新输入";
        if (field.equals("visit.settlement_id") || field.equals("settlement_id")) return what + "只能由字母、数字和 . _ - 组成 (最多 64 位)";
        if (field.equals("request_id")) return "页面已过期, 请重新打开本页";
        return what + "填写有误";
    }

    static Map<String, String> plain(String message) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("field", "");
        m.put("label", "");
        m.put("message", message);
        m.put("detail", "");
        return m;
    }
}

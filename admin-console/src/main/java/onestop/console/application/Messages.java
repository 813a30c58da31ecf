package onestop.console.application;

import java.util.Map;

/**
 * The one table from a refusal's reason (the server's ErrorInfo reason, SETTLEMENT.md's codes and the server's own) to
 * what the console says in Chinese. {@code %s} is the field's label when the refusal names one.
 */
public final class Messages {
    private Messages() {}

    /** The console's own refusal of a form field: its message is already the Chinese text. */
    public static final String FIELD = "FIELD";
    /** A request or answer over gRPC's size limit (a roster file too large for the server to take in one message). */
    public static final String MESSAGE_TOO_LARGE = "MESSAGE_TOO_LARGE";
    /** The server did not answer within the deadline, or could not be reached. */
    public static final String SERVER_UNREACHABLE = "SERVER_UNREACHABLE";

    static final Map<String, String> TEXT = Map.ofEntries(
            Map.entry("UNAUTHENTICATED", "用户名或密码不正确, 或登录已过期, 请重新登录"),
            Map.entry("LOGIN_LOCKED", "登录失败次数过多, 已暂时锁定, 请 15 分钟后再试"),
            Map.entry("PERMISSION_DENIED", "您的角色无权进行此项操作"),
            Map.entry("INVALID_ARGUMENT", "%s填写有误"),
            Map.entry("INVALID_ID_NUMBER", "%s不是有效的居民身份证号码 (18 位, 末位可为 X)"),
            Map.entry("INVALID_AMOUNT", "%s须为金额, 如 1234.50 (最多两位小数)"),
            Map.entry("INVALID_DATE", "%s须为日期, 如 2024-06-10"),
            Map.entry("POLICY_YEAR_MISMATCH", "%s与结算政策的年度不符"),
            Map.entry("UNKNOWN_VISIT_TYPE", "请选择就诊类型 (住院或门诊)"),
            Map.entry("UNKNOWN_HOSPITAL_LEVEL", "请选择医院等级"),
            Map.entry("UNKNOWN_CATEGORY", "救助对象类别未知"),
            Map.entry("UNKNOWN_SPECIAL_DISEASE", "单病种编码不在结算政策的目录中"),
            Map.entry("NO_POLICY_FOR_SCHEME", "结算政策中没有该险种的此类就诊待遇"),
            Map.entry("UNKNOWN_SETTLEMENT", "查无此结算单"),
            Map.entry("ALREADY_REVERSED", "该结算单已撤销, 不能再次撤销"),
            Map.entry("UNKNOWN_SCHEME", "请选择险种"),
            Map.entry("PERSON_NOT_FOUND", "查无此参保人员"),
            Map.entry("HOSPITAL_NOT_FOUND", "查无此医疗机构"),
            Map.entry("POLICY_NOT_FOUND", "查无此结算政策"),
            Map.entry("REQUEST_ID_REUSED", "本页的请求已提交过且内容不同, 请重新打开本页后再提交"),
            Map.entry("IMPORT_NOT_CLEAN", "名单中有问题行, 不能全部应用: 请修正文件, 或选择“跳过问题行应用”"),
            Map.entry("NOT_INSURED_FOR_YEAR", "该人员当年未参加基本医保"),
            Map.entry("RESOURCE_EXHAUSTED", "医保结算中心繁忙, 请稍后重试"),
            Map.entry("UNIMPLEMENTED", "医保结算中心的版本尚不支持此项功能, 请联系信息科升级服务器"),
            Map.entry(MESSAGE_TOO_LARGE, "内容过大, 医保结算中心未接收, 未做任何更改: 请分成几个较小的文件后再上传"),
            Map.entry(SERVER_UNREACHABLE, "与医保结算中心的连接中断或超时, 操作未完成, 请稍后重试"));

    /** The Chinese message for a refusal; a field's label goes where the text has {@code %s}. */
    public static String of(ConsoleException e, String fieldLabel) {
        if (e.reason().equals(FIELD)) return e.getMessage();
        String text = TEXT.getOrDefault(e.reason(), "操作未完成 (%s)");
        if (!text.contains("%s")) return text;
        String what = fieldLabel == null || fieldLabel.isEmpty() ? (TEXT.containsKey(e.reason()) ? "输入" : e.reason()) : fieldLabel;
        return String.format(text, what);
    }
}

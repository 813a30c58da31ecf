package onestop.server.application.identity;

import static onestop.engine.domain.Category.DESTITUTE;
import static onestop.engine.domain.Category.MINIMUM_LIVING;
import static onestop.engine.domain.Category.REGISTERED_POOR;
import static onestop.server.application.identity.RosterFixtures.DEPARTMENT;
import static onestop.server.application.identity.RosterFixtures.SOURCE;
import static onestop.server.application.identity.RosterFixtures.TODAY;
import static onestop.server.application.identity.RosterFixtures.expand;
import static onestop.server.application.identity.RosterFixtures.id;
import static onestop.server.application.identity.RosterFixtures.period;
import static onestop.server.application.identity.RosterFixtures.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import onestop.server.domain.IdentityPeriod;
import org.junit.jupiter.api.Test;

/** Every validation rule, each on its own row, with the exact line, column, masked number and text. */
class IdentityImportValidationTest {

    static final String SUN_JIANHUA = id("34102319750505031");   // insured, nothing stored
    static final String YU_GENSHUI = id("34102319660606059");    // not insured
    static final String LI_CHUNSHENG = id("34102319500214013");  // 建档立卡 from 乡村振兴局, open
    static final String WANG_GUIFANG = id("34102319621001026");  // 低保 from 民政局, open
    static final String ZHANG_YOUFU = id("34102319480707037");   // nothing stored
    static final String WU_JINHUA = id("34102319550303048");     // 特困 from 民政局 since 2024-07-01

    static final String M_SUN = "341023********0317";

    static final IdentityPeriod LI_STORED =
            period(REGISTERED_POOR, LocalDate.of(2016, 1, 1), null, "乡村振兴局", "建档立卡名单2016.xlsx");
    static final IdentityPeriod WANG_STORED =
            period(MINIMUM_LIVING, LocalDate.of(2023, 1, 1), null, "民政局", "黟县2023年1月低保名单.csv");
    static final IdentityPeriod WU_STORED =
            period(DESTITUTE, LocalDate.of(2024, 7, 1), null, "民政局", "黟县2024年6月特困名单.csv");

    static RosterFixtures.Lookup lookup() {
        return new RosterFixtures.Lookup()
                .add(person(SUN_JIANHUA, "孙建华"))
                .add(person(LI_CHUNSHENG, "李春生", LI_STORED))
                .add(person(WANG_GUIFANG, "王桂芳", WANG_STORED))
                .add(person(ZHANG_YOUFU, "张友福"))
                .add(person(WU_JINHUA, "吴金花", WU_STORED));
    }

    static ImportPlan plan(String text) {
        return IdentityImport.plan(text, DEPARTMENT, SOURCE, TODAY, lookup());
    }

    /** A data row of 孙建华's household with the given member number, adjustment, date and category. */
    static String row(String memberTemplate, String adjustment, String date, String category) {
        return expand("碧阳镇,碧山村,孙建华,{id:34102319750505031},3,孙建华," + memberTemplate + ","
                + adjustment + "," + date + "," + category + "\n");
    }

    static ImportProblem p(int line, String column, String masked, String problem, ImportProblem.Kind kind) {
        return new ImportProblem(line, column, masked, problem, kind);
    }

    @Test
    void problemsFileReportsEveryRuleOnItsLine() {
        ImportPlan plan = plan(RosterFixtures.resource("problems.csv"));
        List<ImportProblem> expected = List.of(
                p(3, "成员身份证号", M_SUN, "The same member and category are already started on line 2.", ImportProblem.Kind.DUPLICATE_IN_FILE),
                p(4, "", M_SUN, "The row has 9 columns instead of 10.", ImportProblem.Kind.WRONG_COLUMN_COUNT),
                p(5, "成员", M_SUN, "The field is empty.", ImportProblem.Kind.EMPTY_FIELD),
                p(6, "成员身份证号", "341023********0310", "Not a valid ID number (GB 11643).", ImportProblem.Kind.INVALID_ID_NUMBER),
                p(7, "户主身份证号", M_SUN, "Not a valid ID number (GB 11643).", ImportProblem.Kind.INVALID_ID_NUMBER),
                p(8, "家庭人口", M_SUN, "The household size is not a positive integer: '0'.", ImportProblem.Kind.BAD_HOUSEHOLD_SIZE),
                p(9, "调整类型", M_SUN, "Unknown adjustment type '迁入'; expected 新识别, 自然增加 or 自然减少.", ImportProblem.Kind.UNKNOWN_ADJUSTMENT),
                p(10, "调整日期", M_SUN, "Not a date in the form yyyy-MM-dd, yyyy/M/d or yyyyMMdd: '2024-02-30'.", ImportProblem.Kind.BAD_DATE),
                p(11, "调整日期", M_SUN, "The date 1989-12-31 is before 1990-01-01.", ImportProblem.Kind.DATE_OUT_OF_RANGE),
                p(12, "调整日期", M_SUN, "The date 2025-07-16 is more than one year after today (2024-07-15).", ImportProblem.Kind.DATE_OUT_OF_RANGE),
                p(13, "类别", M_SUN, "Unknown category '五保户'.", ImportProblem.Kind.UNKNOWN_CATEGORY),
                p(14, "成员身份证号", "341023********0595", "Not an insured person.", ImportProblem.Kind.NOT_INSURED),
                p(15, "类别", "341023********0135", "The member already holds 建档立卡贫困人口 from 乡村振兴局"
                        + " (from 2016-01-01, open-ended), which overlaps the new period from 2024-07-01.", ImportProblem.Kind.HELD_BY_OTHER_DEPARTMENT),
                p(16, "调整日期", "341023********0268", "The new 低保对象 period from 2024-07-01 overlaps the existing"
                        + " one of 民政局 (from 2023-01-01, open-ended).", ImportProblem.Kind.OVERLAPPING_PERIOD),
                p(17, "类别", "341023********0379", "There is no open 低保对象 period of 民政局 to end.", ImportProblem.Kind.NO_OPEN_PERIOD),
                p(18, "调整日期", "341023********0487", "Ending the 特困人员 period the day before 2024-07-01 would end it"
                        + " on 2024-06-30, before its start on 2024-07-01.", ImportProblem.Kind.END_BEFORE_START),
                p(19, "乡镇", M_SUN, "The field is longer than 100 characters.", ImportProblem.Kind.FIELD_TOO_LONG),
                p(20, "", M_SUN, "A closing quote is followed by other text instead of a comma or the end of the line.", ImportProblem.Kind.BAD_QUOTING));
        for (int i = 0; i < Math.min(expected.size(), plan.problems().size()); i++) {
            assertEquals(expected.get(i), plan.problems().get(i), "problem " + i);
        }
        assertEquals(expected, plan.problems());
        assertFalse(plan.isClean());
        assertEquals(19, plan.rows());
        assertEquals(1, plan.cleanRows());
        assertEquals(Map.of(SUN_JIANHUA, List.of(period(MINIMUM_LIVING, LocalDate.of(2024, 7, 1), null, DEPARTMENT, SOURCE))),
                plan.newIdentitiesByIdNumber(), "only the clean row is planned; stored-state conflicts change nothing");
    }

    @Test
    void allFieldProblemsOfARowAreReportedInColumnOrder() {
        ImportPlan plan = plan(expand(",碧山村,孙建华,{bad:34102319750505031},-1,孙建华,{id:34102319750505031},新增,2024-13-01,低保\n"));
        assertEquals(List.of(
                p(1, "乡镇", M_SUN, "The field is empty.", ImportProblem.Kind.EMPTY_FIELD),
                p(1, "户主身份证号", M_SUN, "Not a valid ID number (GB 11643).", ImportProblem.Kind.INVALID_ID_NUMBER),
                p(1, "家庭人口", M_SUN, "The household size is not a positive integer: '-1'.", ImportProblem.Kind.BAD_HOUSEHOLD_SIZE),
                p(1, "调整类型", M_SUN, "Unknown adjustment type '新增'; expected 新识别, 自然增加 or 自然减少.", ImportProblem.Kind.UNKNOWN_ADJUSTMENT),
                p(1, "调整日期", M_SUN, "Not a date in the form yyyy-MM-dd, yyyy/M/d or yyyyMMdd: '2024-13-01'.", ImportProblem.Kind.BAD_DATE),
                p(1, "类别", M_SUN, "Unknown category '低保'.", ImportProblem.Kind.UNKNOWN_CATEGORY)), plan.problems());
        assertEquals(1, plan.rows());
        assertEquals(0, plan.cleanRows());
        assertEquals(Map.of(), plan.newIdentitiesByIdNumber());
    }

    @Test
    void householdSizeMustBeAPositiveInteger() {
        String text = expand(""
                + "碧阳镇,碧山村,孙建华,{id:34102319750505031},3.0,孙建华,{id:34102319750505031},新识别,2024-07-01,低保对象\n"
                + "碧阳镇,碧山村,孙建华,{id:34102319750505031},三,孙建华,{id:34102319750505031},新识别,2024-07-01,低保对象\n"
                + "碧阳镇,碧山村,孙建华,{id:34102319750505031},99999999999,孙建华,{id:34102319750505031},新识别,2024-07-01,低保对象\n"
                + "碧阳镇,碧山村,孙建华,{id:34102319750505031},12,孙建华,{id:34102319750505031},新识别,2024-07-01,低保对象\n");
        ImportPlan plan = plan(text);
        assertEquals(List.of(
                p(1, "家庭人口", M_SUN, "The household size is not a positive integer: '3.0'.", ImportProblem.Kind.BAD_HOUSEHOLD_SIZE),
                p(2, "家庭人口", M_SUN, "The household size is not a positive integer: '三'.", ImportProblem.Kind.BAD_HOUSEHOLD_SIZE),
                p(3, "家庭人口", M_SUN, "The household size is not a positive integer: '99999999999'.", ImportProblem.Kind.BAD_HOUSEHOLD_SIZE)), plan.problems());
        assertEquals(1, plan.cleanRows());
    }

    @Test
    void badIdNumbers() {
        String text = expand(""
                + "碧阳镇,碧山村,孙建华,{id:34102319750505031},3,孙建华,341023750505031,新识别,2024-07-01,低保对象\n"
                + "碧阳镇,碧山村,孙建华,{id:34102319750505031},3,孙建华,{id:34102319750230031},新识别,2024-07-01,低保对象\n"
                + "碧阳镇,碧山村,孙建华,{id:34102319750505031},3,孙建华,abc,新识别,2024-07-01,低保对象\n");
        // 15-digit legacy number; 30 February as birth date (the check character is right for it); not a number
        assertEquals("341023197502300317", id("34102319750230031"));
        assertEquals(List.of(
                p(1, "成员身份证号", "341023*****5031", "Not a valid ID number (GB 11643).", ImportProblem.Kind.INVALID_ID_NUMBER),
                p(2, "成员身份证号", "341023********0317", "Not a valid ID number (GB 11643).", ImportProblem.Kind.INVALID_ID_NUMBER),
                p(3, "成员身份证号", "***", "Not a valid ID number (GB 11643).", ImportProblem.Kind.INVALID_ID_NUMBER)), plan(text).problems());
    }

    @Test
    void notInsuredIsReportedForEveryRowOfThatMember() {
        RosterFixtures.Lookup lookup = lookup();
        String text = expand(""
                + "碧阳镇,碧山村,余根水,{id:34102319660606059},1,余根水,{id:34102319660606059},新识别,2024-07-01,低保对象\n"
                + "碧阳镇,碧山村,余根水,{id:34102319660606059},1,余根水,{id:34102319660606059},新识别,2024-07-01,防止返贫监测对象\n");
        ImportPlan plan = IdentityImport.plan(text, DEPARTMENT, SOURCE, TODAY, lookup);
        assertEquals(List.of(
                p(1, "成员身份证号", "341023********0595", "Not an insured person.", ImportProblem.Kind.NOT_INSURED),
                p(2, "成员身份证号", "341023********0595", "Not an insured person.", ImportProblem.Kind.NOT_INSURED)), plan.problems());
        assertEquals(Map.of(YU_GENSHUI, 1), lookup.calls);
    }

    @Test
    void duplicateEndIsReportedAgainstTheFirstLine() {
        String text = expand(""
                + "渔亭镇,桃源村,王桂芳,{id:34102319621001026},1,王桂芳,{id:34102319621001026},自然减少,2024-07-01,低保对象\n"
                + "渔亭镇,桃源村,王桂芳,{id:34102319621001026},1,王桂芳,{id:34102319621001026},自然减少,2024-07-01,低保对象\n");
        ImportPlan plan = plan(text);
        assertEquals(List.of(p(2, "成员身份证号", "341023********0268",
                "The same member and category are already ended on line 1.", ImportProblem.Kind.DUPLICATE_IN_FILE)), plan.problems());
        assertEquals(Map.of(WANG_GUIFANG, List.of(period(MINIMUM_LIVING, LocalDate.of(2023, 1, 1), LocalDate.of(2024, 6, 30),
                "民政局", "黟县2023年1月低保名单.csv"))), plan.newIdentitiesByIdNumber());
    }

    @Test
    void aRowRepeatingABadRowGetsTheSameProblemNotDuplicate() {
        String text = expand(""
                + "渔亭镇,桃源村,李春生,{id:34102319500214013},2,李春生,{id:34102319500214013},新识别,2024-07-01,建档立卡贫困人口\n"
                + "渔亭镇,桃源村,李春生,{id:34102319500214013},2,李春生,{id:34102319500214013},自然增加,2024-07-01,REGISTERED_POOR\n");
        String holds = "The member already holds 建档立卡贫困人口 from 乡村振兴局"
                + " (from 2016-01-01, open-ended), which overlaps the new period from 2024-07-01.";
        assertEquals(List.of(p(1, "类别", "341023********0135", holds, ImportProblem.Kind.HELD_BY_OTHER_DEPARTMENT), p(2, "类别", "341023********0135", holds, ImportProblem.Kind.HELD_BY_OTHER_DEPARTMENT)),
                plan(text).problems());
    }

    @Test
    void crossDepartmentOnlyWhenThePeriodsOverlap() {
        RosterFixtures.Lookup lookup = lookup().add(person(ZHANG_YOUFU, "张友福",
                period(REGISTERED_POOR, LocalDate.of(2016, 1, 1), LocalDate.of(2020, 12, 31), "乡村振兴局", "a.csv"),
                period(MINIMUM_LIVING, LocalDate.of(2020, 1, 1), null, "", "admin")));
        String text = expand(""
                + "宏潭乡,宏潭村,张友福,{id:34102319480707037},1,张友福,{id:34102319480707037},新识别,2020-12-31,建档立卡贫困人口\n"
                + "宏潭乡,宏潭村,张友福,{id:34102319480707037},1,张友福,{id:34102319480707037},新识别,2024-07-01,低保对象\n"
                + "宏潭乡,宏潭村,张友福,{id:34102319480707037},1,张友福,{id:34102319480707037},自然增加,2021-01-01,建档立卡贫困人口\n");
        ImportPlan plan = IdentityImport.plan(text, DEPARTMENT, SOURCE, TODAY, lookup);
        assertEquals(List.of(
                p(1, "类别", "341023********0379", "The member already holds 建档立卡贫困人口 from 乡村振兴局"
                        + " (from 2016-01-01 to 2020-12-31), which overlaps the new period from 2020-12-31.", ImportProblem.Kind.HELD_BY_OTHER_DEPARTMENT),
                p(2, "类别", "341023********0379", "The member already holds 低保对象 from an unnamed department"
                        + " (from 2020-01-01, open-ended), which overlaps the new period from 2024-07-01.", ImportProblem.Kind.HELD_BY_OTHER_DEPARTMENT)),
                plan.problems());
        assertEquals(1, plan.cleanRows());
        assertEquals(period(REGISTERED_POOR, LocalDate.of(2021, 1, 1), null, DEPARTMENT, SOURCE),
                plan.newIdentitiesByIdNumber().get(ZHANG_YOUFU).get(2));
    }

    @Test
    void startOverlappingAClosedPeriodOfTheSameDepartment() {
        RosterFixtures.Lookup lookup = lookup().add(person(ZHANG_YOUFU, "张友福",
                period(MINIMUM_LIVING, LocalDate.of(2020, 1, 1), LocalDate.of(2024, 6, 30), "民政局", "old.csv")));
        String text = expand(""
                + "宏潭乡,宏潭村,张友福,{id:34102319480707037},1,张友福,{id:34102319480707037},新识别,2024-06-30,低保对象\n"
                + "宏潭乡,宏潭村,张友福,{id:34102319480707037},1,张友福,{id:34102319480707037},自然增加,2024-07-01,低保对象\n");
        ImportPlan plan = IdentityImport.plan(text, DEPARTMENT, SOURCE, TODAY, lookup);
        assertEquals(List.of(p(1, "调整日期", "341023********0379", "The new 低保对象 period from 2024-06-30 overlaps"
                + " the existing one of 民政局 (from 2020-01-01 to 2024-06-30).", ImportProblem.Kind.OVERLAPPING_PERIOD)), plan.problems());
        // the second row, a start on the day after the closed period ends, is judged as if the first were skipped
        assertEquals(List.of(
                        period(MINIMUM_LIVING, LocalDate.of(2020, 1, 1), LocalDate.of(2024, 6, 30), "民政局", "old.csv"),
                        period(MINIMUM_LIVING, LocalDate.of(2024, 7, 1), null, DEPARTMENT, SOURCE)),
                plan.newIdentitiesByIdNumber().get(ZHANG_YOUFU));
    }

    @Test
    void endWhenOnlyAnotherDepartmentHasAnOpenPeriod() {
        String text = expand(
                "渔亭镇,桃源村,李春生,{id:34102319500214013},2,李春生,{id:34102319500214013},自然减少,2024-07-01,建档立卡贫困人口\n");
        assertEquals(List.of(p(1, "类别", "341023********0135",
                "There is no open 建档立卡贫困人口 period of 民政局 to end; the open one is from 乡村振兴局.", ImportProblem.Kind.NO_OPEN_PERIOD)), plan(text).problems());
    }

    @Test
    void rowsAfterABadRowDoNotSeeIt() {
        String text = expand(""
                + "宏潭乡,宏潭村,张友福,123,1,张友福,{id:34102319480707037},新识别,2024-03-01,低保对象\n"
                + "宏潭乡,宏潭村,张友福,{id:34102319480707037},1,张友福,{id:34102319480707037},自然减少,2024-07-01,低保对象\n");
        ImportPlan plan = plan(text);
        assertEquals(List.of(
                p(1, "户主身份证号", "341023********0379", "Not a valid ID number (GB 11643).", ImportProblem.Kind.INVALID_ID_NUMBER),
                p(2, "类别", "341023********0379", "There is no open 低保对象 period of 民政局 to end.", ImportProblem.Kind.NO_OPEN_PERIOD)), plan.problems());
        assertEquals(Map.of(), plan.newIdentitiesByIdNumber());
    }

    @Test
    void startAfterAnEndInTheSameFileIsClean() {
        String text = expand(""
                + "渔亭镇,桃源村,王桂芳,{id:34102319621001026},1,王桂芳,{id:34102319621001026},自然减少,2024-03-01,低保对象\n"
                + "渔亭镇,桃源村,王桂芳,{id:34102319621001026},1,王桂芳,{id:34102319621001026},新识别,2024-07-01,低保对象\n");
        ImportPlan plan = plan(text);
        assertTrue(plan.isClean(), plan.problems().toString());
        assertEquals(List.of(
                        period(MINIMUM_LIVING, LocalDate.of(2023, 1, 1), LocalDate.of(2024, 2, 29), "民政局", "黟县2023年1月低保名单.csv"),
                        period(MINIMUM_LIVING, LocalDate.of(2024, 7, 1), null, DEPARTMENT, SOURCE)),
                plan.newIdentitiesByIdNumber().get(WANG_GUIFANG));
    }

    @Test
    void endBeforeAPeriodStartedEarlierInTheFile() {
        String text = expand(""
                + "宏潭乡,宏潭村,张友福,{id:34102319480707037},1,张友福,{id:34102319480707037},新识别,2024-07-01,低保对象\n"
                + "宏潭乡,宏潭村,张友福,{id:34102319480707037},1,张友福,{id:34102319480707037},自然减少,2024-06-01,低保对象\n");
        ImportPlan plan = plan(text);
        assertEquals(List.of(p(2, "调整日期", "341023********0379", "Ending the 低保对象 period the day before"
                + " 2024-06-01 would end it on 2024-05-31, before its start on 2024-07-01.", ImportProblem.Kind.END_BEFORE_START)), plan.problems());
        assertEquals(Map.of(ZHANG_YOUFU, List.of(period(MINIMUM_LIVING, LocalDate.of(2024, 7, 1), null, DEPARTMENT, SOURCE))),
                plan.newIdentitiesByIdNumber());
    }

    @Test
    void fieldLengthIsCountedInCharactersAfterTrimming() {
        String hundred = "屯".repeat(99) + "\uD840\uDC00"; // 100 characters, the last outside the BMP
        String text = expand(""
                + hundred + ",碧山村,孙建华,{id:34102319750505031},3,孙建华,{id:34102319750505031},新识别,2024-07-01,低保对象\n"
                + "碧阳镇,碧山村," + hundred + "屯,{id:34102319750505031},3,孙建华,{id:34102319750505031},新识别,2024-08-01,防止返贫监测对象\n");
        ImportPlan plan = plan(text);
        assertEquals(List.of(p(2, "户主", M_SUN, "The field is longer than 100 characters.", ImportProblem.Kind.FIELD_TOO_LONG)), plan.problems());
        assertEquals(1, plan.cleanRows());
    }

    @Test
    void shortRowsAndUnclosedQuotes() {
        String text = expand(""
                + "碧阳镇,碧山村,孙建华\n"
                + "碧阳镇,碧山村,孙建华,{id:34102319750505031},3,孙建华,{id:34102319750505031},新识别,2024-07-01,低保对象,备注\n"
                + "碧阳镇,\"碧山村,孙建华,{id:34102319750505031},3,孙建华,{id:34102319750505031},新识别,2024-07-01,低保对象\n"
                + "碧阳镇,碧山村,孙建华,{id:34102319750505031},3,孙建华,{id:34102319750505031},新识别,2024-07-01,低保对象\n");
        ImportPlan plan = plan(text);
        assertEquals(List.of(
                p(1, "", "", "The row has 3 columns instead of 10.", ImportProblem.Kind.WRONG_COLUMN_COUNT),
                p(2, "", M_SUN, "The row has 11 columns instead of 10.", ImportProblem.Kind.WRONG_COLUMN_COUNT),
                p(3, "", "", "A quoted field opened on line 3 is not closed before the end of the file.", ImportProblem.Kind.BAD_QUOTING)), plan.problems());
        assertEquals(3, plan.rows());
    }

    @Test
    void aFirstRowWithAMistypedNumberIsNotTakenForAHeader() {
        String text = expand(""
                + "碧阳镇,碧山村,孙建华,{id:34102319750505031},3,孙建华,34102319750505031,新识别,2024-07-01,低保对象\n"
                + "碧阳镇,碧山村,孙建华,{id:34102319750505031},3,孙建华,{id:34102319750505031},新识别,2024-07-01,低保对象\n");
        ImportPlan plan = plan(text);
        assertEquals(List.of(p(1, "成员身份证号", "341023*******5031", "Not a valid ID number (GB 11643).", ImportProblem.Kind.INVALID_ID_NUMBER)),
                plan.problems());
        assertEquals(2, plan.rows());
        assertEquals(1, plan.cleanRows());
    }

    @Test
    void headerWithTheWrongColumnCountIsReported() {
        String text = expand("乡镇,村,户主,户主身份证号,家庭人口,成员,成员身份证号,调整类型,调整日期\n"
                + row("{id:34102319750505031}", "新识别", "2024-07-01", "低保对象"));
        ImportPlan plan = plan(text);
        assertEquals(List.of(p(1, "", "", "The header has 9 columns instead of 10.", ImportProblem.Kind.BAD_HEADER)), plan.problems());
        assertEquals(1, plan.rows());
        assertEquals(1, plan.cleanRows());
    }
}

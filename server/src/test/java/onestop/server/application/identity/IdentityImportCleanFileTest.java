package onestop.server.application.identity;

import static onestop.engine.domain.Category.DESTITUTE;
import static onestop.engine.domain.Category.ILLNESS_POVERTY;
import static onestop.engine.domain.Category.KEY_VETERAN;
import static onestop.engine.domain.Category.LOW_INCOME;
import static onestop.engine.domain.Category.MINIMUM_LIVING;
import static onestop.engine.domain.Category.MONITORED;
import static onestop.engine.domain.Category.ORPHAN;
import static onestop.engine.domain.Category.REGISTERED_POOR;
import static onestop.server.application.identity.RosterFixtures.DEPARTMENT;
import static onestop.server.application.identity.RosterFixtures.SOURCE;
import static onestop.server.application.identity.RosterFixtures.TODAY;
import static onestop.server.application.identity.RosterFixtures.id;
import static onestop.server.application.identity.RosterFixtures.period;
import static onestop.server.application.identity.RosterFixtures.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.engine.domain.IdNumber;
import onestop.server.domain.IdentityPeriod;
import org.junit.jupiter.api.Test;

/** A clean roster file and the plan it gives. */
class IdentityImportCleanFileTest {

    static final String WANG_DEMING = id("34102319650312011");
    static final String WANG_XIAOJUN = id("34102319901105013");
    static final String WANG_TING = id("34102320240602024");
    static final String HU_XIUYING = id("34102319670820022");
    static final String LU_GUOPING = id("34102319580127031");
    static final String CHENG_GUILAN = id("34102319600909042");
    static final String HU_CHANGQING = id("34102319720418015");
    static final String HU_YUMEI = id("34102319700815078");
    static final String YE_FUSHENG = id("34102319411230017");

    static final IdentityPeriod HU_XIUYING_STORED =
            period(MINIMUM_LIVING, LocalDate.of(2021, 5, 1), null, "民政局", "黟县2021年5月低保名单.csv");
    static final IdentityPeriod LU_GUOPING_STORED =
            period(REGISTERED_POOR, LocalDate.of(2016, 1, 1), LocalDate.of(2020, 12, 31), "乡村振兴局", "建档立卡名单2016.xlsx");

    static RosterFixtures.Lookup lookup() {
        return new RosterFixtures.Lookup()
                .add(person(WANG_DEMING, "汪德明"))
                .add(person(WANG_XIAOJUN, "汪小军"))
                .add(person(WANG_TING, "汪婷"))
                .add(person(HU_XIUYING, "胡秀英", HU_XIUYING_STORED))
                .add(person(LU_GUOPING, "卢国平", LU_GUOPING_STORED))
                .add(person(CHENG_GUILAN, "程桂兰"))
                .add(person(HU_CHANGQING, "胡长青"))
                .add(person(HU_YUMEI, "胡玉梅"))
                .add(person(YE_FUSHENG, "叶福生"));
    }

    static ImportPlan plan(String text) {
        return IdentityImport.plan(text, DEPARTMENT, SOURCE, TODAY, lookup());
    }

    static IdentityPeriod started(onestop.engine.domain.Category c, LocalDate from) {
        return period(c, from, null, DEPARTMENT, SOURCE);
    }

    static Map<String, List<IdentityPeriod>> expectedIdentities() {
        LocalDate jul1 = LocalDate.of(2024, 7, 1);
        Map<String, List<IdentityPeriod>> m = new LinkedHashMap<>();
        m.put(WANG_DEMING, List.of(started(MINIMUM_LIVING, jul1)));
        m.put(WANG_XIAOJUN, List.of(started(MINIMUM_LIVING, jul1)));
        m.put(WANG_TING, List.of(started(MINIMUM_LIVING, jul1)));
        m.put(HU_XIUYING, List.of(period(MINIMUM_LIVING, LocalDate.of(2021, 5, 1), LocalDate.of(2024, 6, 30),
                "民政局", "黟县2021年5月低保名单.csv")));
        m.put(LU_GUOPING, List.of(LU_GUOPING_STORED, started(MONITORED, jul1), started(ILLNESS_POVERTY, jul1)));
        m.put(CHENG_GUILAN, List.of(started(MONITORED, jul1)));
        m.put(HU_CHANGQING, List.of(period(LOW_INCOME, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 7, 9), DEPARTMENT, SOURCE)));
        m.put(HU_YUMEI, List.of(started(LOW_INCOME, jul1)));
        m.put(YE_FUSHENG, List.of(started(DESTITUTE, LocalDate.of(2024, 6, 15))));
        return m;
    }

    @Test
    void fixtureIdNumbersAreValidGb11643() {
        assertEquals("11010519491231002X", id("11010519491231002"), "the standard's own example");
        for (String n : List.of(WANG_DEMING, WANG_XIAOJUN, WANG_TING, HU_XIUYING, LU_GUOPING, CHENG_GUILAN,
                HU_CHANGQING, HU_YUMEI, YE_FUSHENG)) {
            assertTrue(IdNumber.isValid(n), n);
        }
        assertFalse(IdNumber.isValid(RosterFixtures.badId("34102319750505031")));
        assertEquals("34102319700815078X", HU_YUMEI);
    }

    @Test
    void cleanFileWithChineseHeaderPlansEveryRow() {
        String text = RosterFixtures.resource("clean.csv");
        assertTrue(text.contains("34102319700815078x"), "胡玉梅's number is typed with a lower-case x");
        ImportPlan plan = plan(text);
        assertEquals(List.of(), plan.problems());
        assertTrue(plan.isClean());
        assertEquals(11, plan.rows());
        assertEquals(11, plan.cleanRows());
        assertEquals(expectedIdentities(), plan.newIdentitiesByIdNumber());
        assertEquals(new ArrayList<>(expectedIdentities().keySet()), new ArrayList<>(plan.newIdentitiesByIdNumber().keySet()),
                "persons in the order first touched");
    }

    @Test
    void eachPersonIsLookedUpOnceWithTheCanonicalNumber() {
        RosterFixtures.Lookup lookup = lookup();
        IdentityImport.plan(RosterFixtures.resource("clean.csv"), DEPARTMENT, SOURCE, TODAY, lookup);
        assertEquals(9, lookup.calls.size());
        assertTrue(lookup.calls.values().stream().allMatch(n -> n == 1), lookup.calls.toString());
        assertEquals(1, lookup.calls.get("34102319700815078X"));
    }

    @Test
    void byteOrderMarkAndCrlfGiveTheSamePlan() {
        String lf = RosterFixtures.resource("clean.csv");
        String bomCrlf = "\uFEFF" + lf.replace("\n", "\r\n");
        assertTrue(bomCrlf.contains("\r\n宏村镇,\"卢村,三组\""));
        ImportPlan plan = plan(bomCrlf);
        assertEquals(plan(lf), plan);
        assertEquals(11, plan.cleanRows());
    }

    @Test
    void lineNumbersCountCrlfLines() {
        String lf = RosterFixtures.resource("clean.csv");
        String bomCrlf = "\uFEFF" + lf.replace("\n", "\r\n").replace("特困人员", "五保户");
        ImportPlan plan = plan(bomCrlf);
        assertEquals(List.of(new ImportProblem(12, "类别", "341023********0174", "Unknown category '五保户'.", ImportProblem.Kind.UNKNOWN_CATEGORY)),
                plan.problems());
        assertEquals(10, plan.cleanRows());
        assertFalse(plan.newIdentitiesByIdNumber().containsKey(YE_FUSHENG));
    }

    @Test
    void headerlessFileGivesTheSamePlan() {
        String withHeader = RosterFixtures.resource("clean.csv");
        String headerless = withHeader.substring(withHeader.indexOf('\n') + 1);
        assertTrue(headerless.startsWith("宏村镇,宏村,汪德明,"));
        ImportPlan plan = plan(headerless);
        assertEquals(List.of(), plan.problems());
        assertEquals(11, plan.rows());
        assertEquals(expectedIdentities(), plan.newIdentitiesByIdNumber());
    }

    @Test
    void headerlessLineNumbersStartAtTheFirstRow() {
        String withHeader = RosterFixtures.resource("clean.csv");
        String headerless = withHeader.substring(withHeader.indexOf('\n') + 1).replace("MONITORED", "monitored?");
        ImportPlan plan = plan(headerless);
        assertEquals(List.of(new ImportProblem(6, "类别", "341023********042X", "Unknown category 'monitored?'.", ImportProblem.Kind.UNKNOWN_CATEGORY)),
                plan.problems());
    }

    @Test
    void quotedFieldWithCommaIsOneField() {
        ImportPlan plan = plan(RosterFixtures.expand(
                "宏村镇,\"卢村,三组\",卢国平,{id:34102319580127031},3,程桂兰,{id:34102319600909042},新识别,2024-07-01,\"防止返贫监测对象\"\n"));
        assertEquals(List.of(), plan.problems());
        assertEquals(Map.of(CHENG_GUILAN, List.of(started(MONITORED, LocalDate.of(2024, 7, 1)))),
                plan.newIdentitiesByIdNumber());
    }

    @Test
    void quotedFieldWithEscapedQuotesAndLineBreakKeepsLineNumbers() {
        String text = RosterFixtures.expand("乡镇,村,户主,户主身份证号,家庭人口,成员,成员身份证号,调整类型,调整日期,类别\n"
                + "宏村镇,\"卢村\n\"\"三组\"\"\",卢国平,{id:34102319580127031},3,程桂兰,{id:34102319600909042},新识别,2024-07-01,防止返贫监测对象\n"
                + "宏村镇,卢村,卢国平,{id:34102319580127031},3,卢国平,{id:34102319580127031},新识别,2024-07-01,孤寡\n");
        ImportPlan plan = plan(text);
        assertEquals(List.of(new ImportProblem(4, "类别", "341023********0315", "Unknown category '孤寡'.", ImportProblem.Kind.UNKNOWN_CATEGORY)),
                plan.problems());
        assertEquals(2, plan.rows());
        assertEquals(1, plan.cleanRows());
    }

    @Test
    void endClosesAPeriodStartedEarlierInTheSameFile() {
        String text = RosterFixtures.expand(""
                + "西递镇,西递村,胡长青,{id:34102319720418015},2,胡长青,{id:34102319720418015},新识别,2024-03-01,低收入对象\n"
                + "西递镇,西递村,胡长青,{id:34102319720418015},2,胡长青,{id:34102319720418015},自然减少,2024-07-10,低收入对象\n");
        ImportPlan plan = plan(text);
        assertTrue(plan.isClean(), plan.problems().toString());
        assertEquals(Map.of(HU_CHANGQING, List.of(
                        period(LOW_INCOME, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 7, 9), DEPARTMENT, SOURCE))),
                plan.newIdentitiesByIdNumber());
    }

    @Test
    void endDateIsTheDayBeforeTheAdjustmentDate() {
        // across a month and a leap day: adjusted on 2024-03-01 → the period's last day is 2024-02-29
        String text = RosterFixtures.expand(
                "宏村镇,宏村,汪德明,{id:34102319650312011},4,胡秀英,{id:34102319670820022},自然减少,2024/3/1,MINIMUM_LIVING\n");
        ImportPlan plan = plan(text);
        assertTrue(plan.isClean(), plan.problems().toString());
        IdentityPeriod ended = plan.newIdentitiesByIdNumber().get(HU_XIUYING).get(0);
        assertEquals(LocalDate.of(2024, 2, 29), ended.to());
        assertEquals(LocalDate.of(2021, 5, 1), ended.from());
        assertEquals("黟县2021年5月低保名单.csv", ended.source(), "an ended period keeps the list it came from");
        assertFalse(ended.holding().inForceOn(LocalDate.of(2024, 3, 1)));
        assertTrue(ended.holding().inForceOn(LocalDate.of(2024, 2, 29)));
    }

    @Test
    void endOnTheDayAfterTheStartLeavesAOneDayPeriod() {
        String text = RosterFixtures.expand(""
                + "西递镇,西递村,胡长青,{id:34102319720418015},2,胡长青,{id:34102319720418015},新识别,2024-03-01,低收入对象\n"
                + "西递镇,西递村,胡长青,{id:34102319720418015},2,胡长青,{id:34102319720418015},自然减少,2024-03-02,低收入对象\n");
        ImportPlan plan = plan(text);
        assertTrue(plan.isClean(), plan.problems().toString());
        assertEquals(List.of(period(LOW_INCOME, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 1), DEPARTMENT, SOURCE)),
                plan.newIdentitiesByIdNumber().get(HU_CHANGQING));
    }

    @Test
    void sameMemberTwiceInDifferentCategoriesIsFine() {
        String text = RosterFixtures.expand(""
                + "宏村镇,卢村,卢国平,{id:34102319580127031},3,卢国平,{id:34102319580127031},新识别,2024-07-01,防止返贫监测对象\n"
                + "宏村镇,卢村,卢国平,{id:34102319580127031},3,卢国平,{id:34102319580127031},新识别,2024-07-01,因病致贫重病患者\n"
                + "宏村镇,卢村,卢国平,{id:34102319580127031},3,卢国平,{id:34102319580127031},新识别,2024-07-01,key_veteran\n");
        ImportPlan plan = plan(text);
        assertTrue(plan.isClean(), plan.problems().toString());
        assertEquals(3, plan.cleanRows());
        LocalDate jul1 = LocalDate.of(2024, 7, 1);
        assertEquals(List.of(LU_GUOPING_STORED, started(MONITORED, jul1), started(ILLNESS_POVERTY, jul1),
                started(KEY_VETERAN, jul1)), plan.newIdentitiesByIdNumber().get(LU_GUOPING));
    }

    @Test
    void startAfterAnotherDepartmentsClosedPeriodIsFine() {
        String text = RosterFixtures.expand(
                "宏村镇,卢村,卢国平,{id:34102319580127031},3,卢国平,{id:34102319580127031},新识别,2021-01-01,建档立卡贫困人口\n");
        ImportPlan plan = plan(text);
        assertTrue(plan.isClean(), plan.problems().toString());
        assertEquals(List.of(LU_GUOPING_STORED, started(REGISTERED_POOR, LocalDate.of(2021, 1, 1))),
                plan.newIdentitiesByIdNumber().get(LU_GUOPING));
    }

    @Test
    void acceptedDateFormsAndTheLatestDate() {
        String text = RosterFixtures.expand(""
                + "宏村镇,宏村,汪德明,{id:34102319650312011},4,汪德明,{id:34102319650312011},新识别,2025-07-15,低保对象\n"
                + "宏村镇,宏村,汪德明,{id:34102319650312011},4,汪小军,{id:34102319901105013},新识别,2024/07/01,低保对象\n"
                + "宏村镇,宏村,汪德明,{id:34102319650312011},4,汪婷,{id:34102320240602024},新识别,1990-01-01,低保对象\n");
        ImportPlan plan = plan(text);
        assertTrue(plan.isClean(), plan.problems().toString());
        assertEquals(LocalDate.of(2025, 7, 15), plan.newIdentitiesByIdNumber().get(WANG_DEMING).get(0).from());
        assertEquals(LocalDate.of(2024, 7, 1), plan.newIdentitiesByIdNumber().get(WANG_XIAOJUN).get(0).from());
        assertEquals(LocalDate.of(1990, 1, 1), plan.newIdentitiesByIdNumber().get(WANG_TING).get(0).from());
    }

    @Test
    void blankLinesAndTrailingNewlinesAreIgnored() {
        String text = RosterFixtures.expand("\n"
                + "乡镇,村,户主,户主身份证号,家庭人口,成员,成员身份证号,调整类型,调整日期,类别\n\n"
                + " 西递镇 , 南屏村 ,叶福生,{id:34102319411230017},1,叶福生, {id:34102319411230017}\u3000,新识别,2024-06-15,特困人员\n"
                + ",,,,,,,,,\n\n");
        ImportPlan plan = plan(text);
        assertTrue(plan.isClean(), plan.problems().toString());
        assertEquals(1, plan.rows());
        assertEquals(Map.of(YE_FUSHENG, List.of(started(DESTITUTE, LocalDate.of(2024, 6, 15)))),
                plan.newIdentitiesByIdNumber());
    }

    @Test
    void emptyTextIsAnEmptyCleanPlan() {
        assertEquals(new ImportPlan(0, 0, List.of(), Map.of()), plan(""));
        assertEquals(new ImportPlan(0, 0, List.of(), Map.of()),
                plan("\uFEFF乡镇,村,户主,户主身份证号,家庭人口,成员,成员身份证号,调整类型,调整日期,类别\r\n"));
    }

    @Test
    void departmentAndSourceAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> IdentityImport.plan("", " ", SOURCE, TODAY, lookup()));
        assertThrows(IllegalArgumentException.class, () -> IdentityImport.plan("", DEPARTMENT, "", TODAY, lookup()));
        assertThrows(NullPointerException.class, () -> IdentityImport.plan("", DEPARTMENT, SOURCE, null, lookup()));
    }

    @Test
    void planIsImmutable() {
        ImportPlan plan = plan(RosterFixtures.resource("clean.csv"));
        assertThrows(UnsupportedOperationException.class, () -> plan.newIdentitiesByIdNumber().remove(WANG_DEMING));
        assertThrows(UnsupportedOperationException.class,
                () -> plan.newIdentitiesByIdNumber().get(WANG_DEMING).add(started(ORPHAN, TODAY)));
        assertThrows(UnsupportedOperationException.class, () -> plan.problems().clear());
    }
}

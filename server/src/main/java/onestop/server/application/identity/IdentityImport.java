package onestop.server.application.identity;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import onestop.engine.domain.Category;
import onestop.engine.domain.IdNumber;
import onestop.server.domain.IdentityPeriod;
import onestop.server.domain.PersonRecord;

/**
 * Plans the import of a civil-affairs identity roster, the dynamic-adjustment list (动态调整名单),
 * from CSV: validates every row and computes each touched person's new identity list, without
 * applying anything. Pure: text and a person lookup in, an {@link ImportPlan} out.
 *
 * <h2>File</h2>
 * UTF-8 text (a leading byte-order mark is ignored), RFC 4180: comma separated, fields optionally
 * in double quotes with {@code ""} for a quote, CRLF or LF line ends, quoted fields may contain
 * commas and line breaks. Ten columns, in the order of {@link #COLUMNS}:
 * 乡镇, 村, 户主, 户主身份证号, 家庭人口 (positive integer), 成员, 成员身份证号,
 * 调整类型 (新识别 | 自然增加 | 自然减少), 调整日期 (yyyy-MM-dd, yyyy/M/d or yyyyMMdd),
 * 类别 (the Chinese name of a {@link Category} such as 低保对象, or its enum name in any case).
 * Fields are trimmed of white space (also the full-width space). Every column is required.
 * Blank records (empty lines, or only commas and spaces) are ignored and not counted as rows.
 *
 * <p>The header line is optional. The first non-blank record is taken as a header when it has at
 * least 7 fields and both its 7th (成员身份证号) and, if present, 4th (户主身份证号) fields are
 * non-blank and hold fewer than 15 digits, so that a first data row with a mistyped ID number is
 * still checked, not silently taken for a header. A header must have 10 columns; its names are not
 * checked.
 *
 * <h2>Meaning</h2>
 * 新识别 and 自然增加 start a period of the category for the member from the adjustment date,
 * open-ended. 自然减少 ends the member's open period of the category from the importing
 * department on the day before the adjustment date (the member is no longer in the category from
 * that date); the ended period keeps its department and source. New periods record the import's
 * department and source name.
 *
 * <h2>Validation</h2>
 * Rows are checked in file order, each against the stored identities plus the earlier clean rows
 * of the file; a row with a problem changes nothing (the plan is always computed as if bad rows
 * were skipped). Field checks are reported together (all fields of the row); the checks against
 * the stored state only run when all fields are well-formed, and stop at the first of: not an
 * insured person (成员身份证号), duplicate within the file (成员身份证号), then for a start the
 * overlap with another department's period of the category (类别) and the overlap with the same
 * department's (调整日期), for an end no open period to end (类别) or an end before the period's
 * start (调整日期). "Duplicate" is the same member and category with the same direction (start or
 * end) as an earlier clean row; a start and a later end of the same member and category is not a
 * duplicate, nor is the same member in different categories. Like everything else, duplicates are
 * judged as if bad rows were skipped: a row repeating a bad row gets that row's problem again.
 *
 * <p>Limits: text over {@link #MAX_BYTES} bytes of UTF-8 or more than {@link #MAX_ROWS} data rows
 * give a single problem on line 0 and an empty plan; a field over {@link #MAX_FIELD_LENGTH}
 * characters is a problem. Dates before {@link #EARLIEST_DATE} or after {@code today} plus one
 * year are problems.
 */
public final class IdentityImport {

    /** The column header names, in file order. */
    public static final List<String> COLUMNS =
            List.of("乡镇", "村", "户主", "户主身份证号", "家庭人口", "成员", "成员身份证号", "调整类型", "调整日期", "类别");
    /** At most this many data rows. */
    public static final int MAX_ROWS = 200_000;
    /** At most this many bytes of UTF-8 text (64 MiB). */
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    /** At most this many characters (code points) in a field, after trimming. */
    public static final int MAX_FIELD_LENGTH = 100;
    /** No adjustment date before this. */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(1990, 1, 1);

    private static final int TOWNSHIP = 0, VILLAGE = 1, HOUSEHOLDER = 2, HOUSEHOLDER_ID = 3, HOUSEHOLD_SIZE = 4,
            MEMBER = 5, MEMBER_ID = 6, ADJUSTMENT = 7, DATE = 8, CATEGORY = 9;

    private static final Map<Category, String> LABELS = new EnumMap<>(Category.class);
    private static final Map<String, Category> BY_LABEL = new HashMap<>();

    static {
        LABELS.put(Category.DESTITUTE, "特困人员");
        LABELS.put(Category.ORPHAN, "孤儿");
        LABELS.put(Category.MINIMUM_LIVING, "低保对象");
        LABELS.put(Category.REGISTERED_POOR, "建档立卡贫困人口");
        LABELS.put(Category.POVERTY_RELAPSE, "返贫致贫人口");
        LABELS.put(Category.MONITORED, "防止返贫监测对象");
        LABELS.put(Category.LOW_INCOME, "低收入对象");
        LABELS.put(Category.ILLNESS_POVERTY, "因病致贫重病患者");
        LABELS.put(Category.KEY_VETERAN, "在乡重点优抚对象");
        LABELS.forEach((c, label) -> BY_LABEL.put(label, c));
    }

    private static final Map<String, Boolean> ADJUSTMENTS = Map.of("新识别", true, "自然增加", true, "自然减少", false);

    private static final Pattern ISO_DATE = Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})");
    private static final Pattern SLASH_DATE = Pattern.compile("([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})");
    private static final Pattern COMPACT_DATE = Pattern.compile("([0-9]{4})([0-9]{2})([0-9]{2})");
    private static final Pattern POSITIVE_INTEGER = Pattern.compile("[0-9]{1,9}");

    private IdentityImport() {}

    /**
     * Validates a roster file and computes what applying it would do.
     *
     * @param csvText          the file's text
     * @param department       the issuing department, e.g. 民政局; trimmed, must not be blank
     * @param sourceName       the list's name (file name); trimmed, must not be blank
     * @param today            the day of the import (the latest acceptable date is a year later)
     * @param personByIdNumber the insured person with the given canonical ID number, or null; called
     *                         at most once per distinct member
     * @return the plan, as if rows with problems were skipped
     * @throws IllegalArgumentException when department or source name is blank
     */
    public static ImportPlan plan(String csvText, String department, String sourceName, LocalDate today,
                                  Function<String, PersonRecord> personByIdNumber) {
        return plan(csvText, department, sourceName, today, personByIdNumber, ImportProgress.NONE);
    }

    /** {@link #plan(String, String, String, LocalDate, Function)}, telling {@code progress} how far it is (reading, checking). */
    public static ImportPlan plan(String csvText, String department, String sourceName, LocalDate today,
                                  Function<String, PersonRecord> personByIdNumber, ImportProgress progress) {
        Objects.requireNonNull(csvText, "csvText");
        Objects.requireNonNull(today, "today");
        Objects.requireNonNull(personByIdNumber, "personByIdNumber");
        Objects.requireNonNull(progress, "progress");
        String dept = requireText(department, "department");
        String source = requireText(sourceName, "sourceName");

        if (utf8Length(csvText) > MAX_BYTES) {
            return limitPlan("The file is larger than 64 MiB; nothing is imported.");
        }
        String text = csvText.startsWith("\uFEFF") ? csvText.substring(1) : csvText;
        int total = countDataRows(text, progress);
        if (total > MAX_ROWS) {
            return limitPlan("The file has more than " + MAX_ROWS + " data rows; nothing is imported.");
        }
        return new Run(dept, source, today, personByIdNumber, progress, total).run(text);
    }

    /** The Chinese name of a category, as the lists write it: 低保对象 for MINIMUM_LIVING. */
    public static String label(Category category) {
        return LABELS.get(category);
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        String s = value.strip();
        if (s.isEmpty()) throw new IllegalArgumentException(name + " must not be blank");
        return s;
    }

    private static ImportPlan limitPlan(String problem) {
        return new ImportPlan(0, 0, List.of(new ImportProblem(0, "", "", problem, ImportProblem.Kind.FILE_LIMIT)), Map.of());
    }

    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Data rows of the text, counting at most up to {@code MAX_ROWS + 1}. */
    private static int countDataRows(String text, ImportProgress progress) {
        CsvReader reader = new CsvReader(text);
        int rows = 0;
        boolean first = true;
        progress.progress(ImportProgress.Phase.READING, 0, 0);
        for (CsvReader.Row row = reader.next(); row != null; row = reader.next()) {
            if (row.isBlank()) continue;
            if (first) {
                first = false;
                if (isHeader(row)) continue;
            }
            if (++rows > MAX_ROWS) break;
            if (rows % ImportProgress.EVERY_ROWS == 0) progress.progress(ImportProgress.Phase.READING, rows, 0);
        }
        return rows;
    }

    static boolean isHeader(CsvReader.Row row) {
        List<String> f = row.fields();
        if (row.error() != null || f.size() < 7) return false;
        String member = f.get(MEMBER_ID).strip();
        return !member.isEmpty() && digits(member) < 15 && digits(f.get(HOUSEHOLDER_ID)) < 15;
    }

    private static int digits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) n++;
        }
        return n;
    }

    private static String strip(String s) {
        return s.strip();
    }

    /** The member's ID number of a record, masked; canonical when valid, else as typed. */
    private static String maskedMember(List<String> fields) {
        if (fields.size() <= MEMBER_ID) return "";
        String raw = strip(fields.get(MEMBER_ID));
        Optional<String> canonical = IdNumber.canonical(raw);
        if (canonical.isPresent()) return IdNumber.mask(canonical.get());
        String typed = raw.toUpperCase(Locale.ROOT);
        return IdNumber.mask(typed.length() > MAX_FIELD_LENGTH ? typed.substring(0, MAX_FIELD_LENGTH) : typed);
    }

    /** A date in one of the accepted forms, or null. */
    static LocalDate parseDate(String s) {
        for (Pattern p : List.of(ISO_DATE, SLASH_DATE, COMPACT_DATE)) {
            Matcher m = p.matcher(s);
            if (m.matches()) {
                try {
                    return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)));
                } catch (DateTimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** A category by its Chinese name or enum name (any case), or null. */
    static Category parseCategory(String s) {
        Category c = BY_LABEL.get(s);
        if (c != null) return c;
        try {
            return Category.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String describe(IdentityPeriod p) {
        String from = p.from() == null ? "without a start date" : "from " + p.from();
        String to = p.to() == null ? ", open-ended" : " to " + p.to();
        return from + to;
    }

    private static String departmentName(IdentityPeriod p) {
        return p.department().isBlank() ? "an unnamed department" : p.department().strip();
    }

    /** A person's identities as the file changes them. */
    private static final class Working {
        final List<IdentityPeriod> periods;

        Working(PersonRecord person) {
            this.periods = new ArrayList<>(person.identities());
        }
    }

    private record DuplicateKey(String idNumber, Category category, boolean start) {}

    /** One planning run over one file. */
    private static final class Run {
        private final String department;
        private final String source;
        private final LocalDate today;
        private final Function<String, PersonRecord> lookup;
        private final ImportProgress progress;
        private final int total;
        private final Map<String, Optional<Working>> persons = new HashMap<>();
        private final Map<String, Working> touched = new LinkedHashMap<>();
        private final Map<DuplicateKey, Integer> seen = new HashMap<>();
        private final List<ImportProblem> problems = new ArrayList<>();
        private int rows;
        private int cleanRows;

        Run(String department, String source, LocalDate today, Function<String, PersonRecord> lookup, ImportProgress progress,
            int total) {
            this.department = department;
            this.source = source;
            this.today = today;
            this.lookup = lookup;
            this.progress = progress;
            this.total = total;
        }

        ImportPlan run(String text) {
            CsvReader reader = new CsvReader(text);
            boolean first = true;
            progress.progress(ImportProgress.Phase.CHECKING, 0, total);
            for (CsvReader.Row row = reader.next(); row != null; row = reader.next()) {
                if (row.isBlank()) continue;
                if (first) {
                    first = false;
                    if (isHeader(row)) {
                        if (row.fields().size() != COLUMNS.size()) {
                            problems.add(new ImportProblem(row.line(), "", "", "The header has " + row.fields().size()
                                    + " columns instead of " + COLUMNS.size() + ".", ImportProblem.Kind.BAD_HEADER));
                        }
                        continue;
                    }
                }
                rows++;
                int before = problems.size();
                row(row);
                if (problems.size() == before) cleanRows++;
                if (rows % ImportProgress.EVERY_ROWS == 0) progress.progress(ImportProgress.Phase.CHECKING, rows, total);
            }
            if (rows % ImportProgress.EVERY_ROWS != 0) progress.progress(ImportProgress.Phase.CHECKING, rows, total);
            Map<String, List<IdentityPeriod>> result = new LinkedHashMap<>();
            touched.forEach((id, w) -> result.put(id, w.periods));
            return new ImportPlan(rows, cleanRows, problems, result);
        }

        private void row(CsvReader.Row row) {
            int line = row.line();
            String masked = maskedMember(row.fields());
            if (row.error() != null) {
                problems.add(new ImportProblem(line, "", masked, row.error(), ImportProblem.Kind.BAD_QUOTING));
                return;
            }
            if (row.fields().size() != COLUMNS.size()) {
                problems.add(new ImportProblem(line, "", masked,
                        "The row has " + row.fields().size() + " columns instead of " + COLUMNS.size() + ".", ImportProblem.Kind.WRONG_COLUMN_COUNT));
                return;
            }
            String[] v = new String[COLUMNS.size()];
            boolean[] ok = new boolean[COLUMNS.size()];
            int before = problems.size();
            for (int i = 0; i < v.length; i++) {
                v[i] = strip(row.fields().get(i));
                if (v[i].isEmpty()) {
                    problem(line, i, masked, "The field is empty.", ImportProblem.Kind.EMPTY_FIELD);
                } else if (v[i].codePointCount(0, v[i].length()) > MAX_FIELD_LENGTH) {
                    problem(line, i, masked, "The field is longer than " + MAX_FIELD_LENGTH + " characters.", ImportProblem.Kind.FIELD_TOO_LONG);
                } else {
                    ok[i] = true;
                }
            }
            if (ok[HOUSEHOLDER_ID] && IdNumber.canonical(v[HOUSEHOLDER_ID]).isEmpty()) {
                problem(line, HOUSEHOLDER_ID, masked, "Not a valid ID number (GB 11643).", ImportProblem.Kind.INVALID_ID_NUMBER);
            }
            if (ok[HOUSEHOLD_SIZE] && !(POSITIVE_INTEGER.matcher(v[HOUSEHOLD_SIZE]).matches()
                    && Integer.parseInt(v[HOUSEHOLD_SIZE]) > 0)) {
                problem(line, HOUSEHOLD_SIZE, masked,
                        "The household size is not a positive integer: '" + v[HOUSEHOLD_SIZE] + "'.", ImportProblem.Kind.BAD_HOUSEHOLD_SIZE);
            }
            String memberId = ok[MEMBER_ID] ? IdNumber.canonical(v[MEMBER_ID]).orElse(null) : null;
            if (ok[MEMBER_ID] && memberId == null) {
                problem(line, MEMBER_ID, masked, "Not a valid ID number (GB 11643).", ImportProblem.Kind.INVALID_ID_NUMBER);
            }
            Boolean start = ok[ADJUSTMENT] ? ADJUSTMENTS.get(v[ADJUSTMENT]) : null;
            if (ok[ADJUSTMENT] && start == null) {
                problem(line, ADJUSTMENT, masked, "Unknown adjustment type '" + v[ADJUSTMENT]
                        + "'; expected 新识别, 自然增加 or 自然减少.", ImportProblem.Kind.UNKNOWN_ADJUSTMENT);
            }
            LocalDate date = null;
            if (ok[DATE]) {
                LocalDate d = parseDate(v[DATE]);
                LocalDate latest = today.plusYears(1);
                if (d == null) {
                    problem(line, DATE, masked,
                            "Not a date in the form yyyy-MM-dd, yyyy/M/d or yyyyMMdd: '" + v[DATE] + "'.", ImportProblem.Kind.BAD_DATE);
                } else if (d.isBefore(EARLIEST_DATE)) {
                    problem(line, DATE, masked, "The date " + d + " is before " + EARLIEST_DATE + ".", ImportProblem.Kind.DATE_OUT_OF_RANGE);
                } else if (d.isAfter(latest)) {
                    problem(line, DATE, masked,
                            "The date " + d + " is more than one year after today (" + today + ").", ImportProblem.Kind.DATE_OUT_OF_RANGE);
                } else {
                    date = d;
                }
            }
            Category category = ok[CATEGORY] ? parseCategory(v[CATEGORY]) : null;
            if (ok[CATEGORY] && category == null) {
                problem(line, CATEGORY, masked, "Unknown category '" + v[CATEGORY] + "'.", ImportProblem.Kind.UNKNOWN_CATEGORY);
            }
            if (problems.size() != before) return;

            Working person = persons.computeIfAbsent(memberId,
                    id -> Optional.ofNullable(lookup.apply(id)).map(Working::new)).orElse(null);
            if (person == null) {
                problem(line, MEMBER_ID, masked, "Not an insured person.", ImportProblem.Kind.NOT_INSURED);
                return;
            }
            DuplicateKey key = new DuplicateKey(memberId, category, start);
            Integer firstLine = seen.get(key);
            if (firstLine != null) {
                problem(line, MEMBER_ID, masked, "The same member and category are already "
                        + (start ? "started" : "ended") + " on line " + firstLine + ".", ImportProblem.Kind.DUPLICATE_IN_FILE);
                return;
            }
            boolean applied = start ? start(line, masked, person, category, date) : end(line, masked, person, category, date);
            if (applied) {
                seen.put(key, line);
                touched.putIfAbsent(memberId, person);
            }
        }

        private boolean start(int line, String masked, Working person, Category category, LocalDate from) {
            IdentityPeriod otherDepartment = null;
            IdentityPeriod sameDepartment = null;
            for (IdentityPeriod p : person.periods) {
                if (p.category() != category || !p.overlaps(from, null)) continue;
                if (department.equals(p.department().strip())) {
                    if (sameDepartment == null) sameDepartment = p;
                } else if (otherDepartment == null) {
                    otherDepartment = p;
                }
            }
            String label = label(category);
            if (otherDepartment != null) {
                problem(line, CATEGORY, masked, "The member already holds " + label + " from "
                        + departmentName(otherDepartment) + " (" + describe(otherDepartment)
                        + "), which overlaps the new period from " + from + ".", ImportProblem.Kind.HELD_BY_OTHER_DEPARTMENT);
                return false;
            }
            if (sameDepartment != null) {
                problem(line, DATE, masked, "The new " + label + " period from " + from
                        + " overlaps the existing one of " + department + " (" + describe(sameDepartment) + ").", ImportProblem.Kind.OVERLAPPING_PERIOD);
                return false;
            }
            person.periods.add(new IdentityPeriod(category, from, null, department, source));
            return true;
        }

        private boolean end(int line, String masked, Working person, Category category, LocalDate date) {
            int index = -1;
            IdentityPeriod otherOpen = null;
            for (int i = 0; i < person.periods.size(); i++) {
                IdentityPeriod p = person.periods.get(i);
                if (p.category() != category || p.to() != null) continue;
                if (!department.equals(p.department().strip())) {
                    if (otherOpen == null) otherOpen = p;
                } else if (index < 0 || startsAfter(p, person.periods.get(index))) {
                    index = i;
                }
            }
            String label = label(category);
            if (index < 0) {
                problem(line, CATEGORY, masked, "There is no open " + label + " period of " + department + " to end"
                        + (otherOpen == null ? "." : "; the open one is from " + departmentName(otherOpen) + "."), ImportProblem.Kind.NO_OPEN_PERIOD);
                return false;
            }
            IdentityPeriod open = person.periods.get(index);
            LocalDate to = date.minusDays(1);
            if (open.from() != null && to.isBefore(open.from())) {
                problem(line, DATE, masked, "Ending the " + label + " period the day before " + date
                        + " would end it on " + to + ", before its start on " + open.from() + ".", ImportProblem.Kind.END_BEFORE_START);
                return false;
            }
            person.periods.set(index, new IdentityPeriod(category, open.from(), to, open.department(), open.source()));
            return true;
        }

        private static boolean startsAfter(IdentityPeriod a, IdentityPeriod b) {
            if (a.from() == null) return false;
            return b.from() == null || a.from().isAfter(b.from());
        }

        private void problem(int line, int column, String masked, String text, ImportProblem.Kind kind) {
            problems.add(new ImportProblem(line, COLUMNS.get(column), masked, text, kind));
        }
    }
}

package onestop.server.application.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import onestop.engine.domain.Scheme;
import onestop.server.domain.IdentityPeriod;
import onestop.server.domain.PersonRecord;

/** Test data: GB 11643 numbers with computed check characters, CSV templates, stored persons. */
final class RosterFixtures {
    static final String DEPARTMENT = "民政局";
    static final String SOURCE = "黟县2024年7月动态调整名单.csv";
    static final LocalDate TODAY = LocalDate.of(2024, 7, 15);

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(id|lid|bad):([0-9]{17})}");

    private RosterFixtures() {}

    /** The check character of 17 digits (ISO 7064 MOD 11-2). */
    static char check(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        return CHECK.charAt(sum % 11);
    }

    /** A valid 18-character ID number from its first 17 digits. */
    static String id(String first17) {
        if (!first17.matches("[0-9]{17}")) throw new IllegalArgumentException(first17);
        return first17 + check(first17);
    }

    /** The same 17 digits with a wrong check character. */
    static String badId(String first17) {
        char good = check(first17);
        return first17 + (good == '0' ? '1' : '0');
    }

    /**
     * Replaces {@code {id:17 digits}} by the valid number, {@code {lid:…}} by it in lower case (as
     * typed, an x), {@code {bad:…}} by the number with a wrong check character.
     */
    static String expand(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String digits = m.group(2);
            String value = switch (m.group(1)) {
                case "id" -> id(digits);
                case "lid" -> id(digits).toLowerCase(Locale.ROOT);
                default -> badId(digits);
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A test resource under identity/, placeholders expanded, line ends as stored (LF). */
    static String resource(String name) {
        try (InputStream in = RosterFixtures.class.getResourceAsStream("/identity/" + name)) {
            if (in == null) throw new IllegalStateException("no resource identity/" + name);
            return expand(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IdentityPeriod period(onestop.engine.domain.Category category, LocalDate from, LocalDate to,
                                 String department, String source) {
        return new IdentityPeriod(category, from, to, department, source);
    }

    static PersonRecord person(String idNumber, String name, IdentityPeriod... identities) {
        return new PersonRecord(idNumber, name, Scheme.RESIDENT, "341023", new TreeSet<>(Set.of(2024)), List.of(identities), 7);
    }

    /** A lookup over the given persons that counts its calls per ID number. */
    static final class Lookup implements Function<String, PersonRecord> {
        final Map<String, PersonRecord> persons = new HashMap<>();
        final Map<String, Integer> calls = new HashMap<>();

        Lookup add(PersonRecord p) {
            persons.put(p.idNumber(), p);
            return this;
        }

        @Override
        public PersonRecord apply(String idNumber) {
            calls.merge(idNumber, 1, Integer::sum);
            return persons.get(idNumber);
        }
    }
}

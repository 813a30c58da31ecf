package onestop.server.domain;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Which settlements an office search matches: those dated in [from, to]; of one hospital, one person and one status
 * when given ({@code ""} and null: any).
 */
public record SettlementQuery(String hospitalCodeOrAll, LocalDate from, LocalDate to, String idNumberOrAll,
                              StoredSettlement.Status statusOrAll) {
    public SettlementQuery {
        Objects.requireNonNull(hospitalCodeOrAll, "hospitalCodeOrAll");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(idNumberOrAll, "idNumberOrAll");
    }

    /** A settlement's place in a list by commit (time, hospital, id): a page ends at one, the next starts after it. */
    public record Key(long settledAtMillis, String hospitalCode, String settlementId) {
        /** Before every settlement of a newest-first list: its first page. */
        public static final Key FIRST = new Key(Long.MAX_VALUE, "", "");
    }
}

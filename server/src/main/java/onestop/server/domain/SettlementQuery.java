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

    /** Where a page of a search, newest first, ends: the next page starts after it. */
    public record Key(long settledAtMillis, String hospitalCode, String settlementId) {
        /** Before every settlement: the first page. */
        public static final Key FIRST = new Key(Long.MAX_VALUE, "", "");
    }
}

package onestop.server.domain;

/** A settlement that crossed the high-cost alert threshold (高额医疗费用预警), for civil affairs. */
public record AlertRow(String idNumber, String name, String county, String hospitalCode, String settlementId,
                       String settlementDate, long outOfPocketAfterFen) {
    /** The order of an alert report, and where a page of it ends. */
    public record Key(String settlementDate, String hospitalCode, String settlementId) {}

    public Key key() {
        return new Key(settlementDate, hospitalCode, settlementId);
    }
}

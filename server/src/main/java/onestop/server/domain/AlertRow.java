package onestop.server.domain;

/** A settlement that crossed the high-cost alert threshold (高额医疗费用预警), for civil affairs. */
public record AlertRow(String idNumber, String name, String county, String hospitalCode, String settlementId,
                       String settlementDate, long outOfPocketAfterFen) {}

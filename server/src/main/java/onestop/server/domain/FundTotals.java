package onestop.server.domain;

/** Counts and sums per fund over a set of settlements (a day of a hospital, a month of a hospital). */
public record FundTotals(String hospitalCode, int settledCount, int reversedCount, long totalFen, long basicFen,
                         long criticalIllnessFen, long supplementaryFen, long assistanceFen, long fundFen,
                         long hospitalAbsorbedFen, long patientFen) {}

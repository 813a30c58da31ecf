package onestop.server.domain;

/**
 * A day's settlements forwarded from agents' offline journals (not reversed): how many, how many of them differ from
 * what the agent computed, and the patients' differences summed by direction (both as amounts, never negative):
 * what patients owe the hospital (应补) and what the hospital owes patients (应退).
 */
public record OfflineTotals(int count, int differingCount, long patientOwesFen, long patientOwedFen) {}

package onestop.server.domain;

/**
 * A counter agent's last report, as the server keeps it (one per hospital and agent id). {@code journalRejected}: entries
 * of its outage journal the server refused when forwarded (kept at the counter for the office); {@code
 * journalOldestMillis}: when the oldest entry still waiting to be sent was made, 0 when none waits.
 */
public record AgentReportRecord(String hospitalCode, String agentId, String counterName, String version, long rosterVersion,
                                long lastSyncMillis, int pending, int journalRejected, long journalOldestMillis,
                                long reportedAtMillis) {}

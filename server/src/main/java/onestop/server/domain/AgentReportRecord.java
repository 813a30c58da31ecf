package onestop.server.domain;

/** A counter agent's last report, as the server keeps it (one per hospital and agent id). */
public record AgentReportRecord(String hospitalCode, String agentId, String counterName, String version, long rosterVersion,
                                long lastSyncMillis, int pending, long reportedAtMillis) {}

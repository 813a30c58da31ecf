package onestop.server.domain;

/** How many counter agents have ever reported, and how many of them recently enough to be shown online. */
public record AgentCounts(int known, int online) {}

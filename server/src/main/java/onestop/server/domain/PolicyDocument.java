package onestop.server.domain;

/** A validated policy text as stored; {@code active} is the one new settlements of its region and year use. */
public record PolicyDocument(String policyId, String sha256, String region, int year, String fileName, String yaml,
                             boolean active, long loadedAtMillis) {}

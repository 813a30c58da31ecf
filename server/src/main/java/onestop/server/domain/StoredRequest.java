package onestop.server.domain;

import onestop.engine.domain.Rejection;

/**
 * The first answer to a caller's request id (idempotency). {@code rejection} is null for a
 * success, whose {@code resultRef} names what it produced (a settlement id, a hospital code, …).
 */
public record StoredRequest(String scope, String requestId, String operation, String bodySha256,
                            Rejection rejection, String resultRef, long createdAtMillis) {}

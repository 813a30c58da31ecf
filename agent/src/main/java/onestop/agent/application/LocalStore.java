package onestop.agent.application;

import java.util.List;
import java.util.Optional;
import onestop.v1.Person;
import onestop.v1.PolicyDocument;
import onestop.v1.Settlement;

/**
 * What the agent keeps on its own disk, so that it answers fast now and goes on through an outage: the area's roster
 * and the region's policies as the server gave them, the calling hospital, every request id before it is sent with
 * the server's first answer to it, the settlements it made, and the admissions it recorded. Writes are durable
 * (committed and synced) when a method returns.
 */
public interface LocalStore extends AutoCloseable {
    // small facts: the roster version applied, the last sync, the hospital
    Optional<String> meta(String key);

    void putMeta(String key, String value);

    /** Several at once, in one transaction (one sync to disk). */
    void putMeta(java.util.Map<String, String> entries);

    // roster
    Optional<Person> person(String idNumber);

    /** Applies a page of roster deltas and records {@code version} as applied, in one transaction (a crash resumes from it). */
    void applyRoster(List<RosterEntry> page, long version);

    long rosterSize();

    /** A sync's batches are over: memory held for applying them (a larger page cache) is given back. */
    void endRosterSync();

    // policies
    void replacePolicies(List<PolicyDocument> policies);

    List<PolicyDocument> policies();

    // request ids, stored before a call is sent
    record StoredCall(String requestId, String operation, String bodySha256, long createdAtMillis, byte[] answer, String rejection) {
        public boolean answered() {
            return answer != null || rejection != null;
        }
    }

    Optional<StoredCall> call(String requestId);

    /** Records a request id before its call is sent; false when it was already there (a retry). */
    boolean beginCall(String requestId, String operation, String bodySha256, long nowMillis);

    /** The server's answer: a message's bytes, or a rejection as {@code CODE|field|message}. */
    void answerCall(String requestId, byte[] answer, String rejection);

    /** The server's settlement for a request: kept, and the request answered with it, in one transaction. */
    void answered(String requestId, Settlement settlement);

    /** Forgets a request the server called malformed: it was never a request (the server did not keep it either). */
    void forgetCall(String requestId);

    /** Calls sent but not answered yet (the server was unreachable). */
    int pendingCalls();

    // settlements made here
    void putSettlement(Settlement settlement);

    Optional<Settlement> settlement(String settlementId);

    // admissions
    record Admission(long id, String idNumber, String name, String document, String admittedOn, boolean depositWaiver,
                     boolean payAfterTreatment, String category, String reasons, String source, boolean agreementSigned,
                     long admittedAtMillis) {}

    long insertAdmission(Admission admission);

    Optional<Admission> admission(long id);

    @Override
    void close();
}

package onestop.engine.domain;

/**
 * Every business rejection OneStop gives, in one closed list. The first group is SETTLEMENT.md's;
 * the second the server's own. On the wire a rejection is a gRPC status (given here) with the
 * code's name as the reason. Exceptions are never used for these: they are for bugs and I/O.
 */
public enum ResultCode {
    // ---- SETTLEMENT.md: the engine's codes ----
    /** An amount that is not digits with at most two decimals, above 1 000 000 000.00, or parts over the total. */
    INVALID_AMOUNT(Status.INVALID_ARGUMENT),
    /** A date that is not a real ISO date. */
    INVALID_DATE(Status.INVALID_ARGUMENT),
    /** The settlement date's year is not the policy's year. */
    POLICY_YEAR_MISMATCH(Status.FAILED_PRECONDITION),
    UNKNOWN_VISIT_TYPE(Status.INVALID_ARGUMENT),
    UNKNOWN_HOSPITAL_LEVEL(Status.INVALID_ARGUMENT),
    UNKNOWN_CATEGORY(Status.INVALID_ARGUMENT),
    UNKNOWN_SPECIAL_DISEASE(Status.INVALID_ARGUMENT),
    /** The policy has no basic-insurance parameters for the person's scheme and the visit type. */
    NO_POLICY_FOR_SCHEME(Status.FAILED_PRECONDITION),
    UNKNOWN_SETTLEMENT(Status.NOT_FOUND),
    ALREADY_REVERSED(Status.FAILED_PRECONDITION),
    UNKNOWN_DOCUMENT(Status.INVALID_ARGUMENT),
    /** A scheme other than EMPLOYEE or RESIDENT (OneStop's addition: §2 names only the two). */
    UNKNOWN_SCHEME(Status.INVALID_ARGUMENT),
    /** An ID number failing GB 11643 (§8). */
    INVALID_ID_NUMBER(Status.INVALID_ARGUMENT),

    // ---- the server's own ----
    /** A required field is missing, too long or malformed (the rejection names the field). */
    INVALID_ARGUMENT(Status.INVALID_ARGUMENT),
    PERSON_NOT_FOUND(Status.NOT_FOUND),
    HOSPITAL_NOT_FOUND(Status.NOT_FOUND),
    /** No policy is loaded for the person's region and the settlement year. */
    POLICY_NOT_FOUND(Status.FAILED_PRECONDITION),
    /** The caller may not do this (another hospital's settlement, an admin call without admin role). */
    PERMISSION_DENIED(Status.PERMISSION_DENIED),
    /** The call carries no valid credentials. */
    UNAUTHENTICATED(Status.UNAUTHENTICATED),
    /** The same request_id came before with a different body. */
    REQUEST_ID_REUSED(Status.ALREADY_EXISTS),
    /** The settlement id is already used by another settlement. */
    DUPLICATE_SETTLEMENT(Status.ALREADY_EXISTS),
    /** An identity import still has errors and was neither fixed nor told to skip them. */
    IMPORT_NOT_CLEAN(Status.FAILED_PRECONDITION),
    /** The person is not insured for the settlement's insurance year. */
    NOT_INSURED_FOR_YEAR(Status.FAILED_PRECONDITION),
    /** The server is shedding load or a limit was reached; retry later with the same request_id. */
    RESOURCE_EXHAUSTED(Status.RESOURCE_EXHAUSTED),
    /** A scanned 医保电子凭证 code that this server did not sign, or malformed. */
    VOUCHER_INVALID(Status.INVALID_ARGUMENT),
    /** A 医保电子凭证 code past its few minutes of validity: the patient shows a fresh one. */
    VOUCHER_EXPIRED(Status.FAILED_PRECONDITION),
    /** Too many failed office logins for one user name or one client address within the window; wait, then retry. */
    LOGIN_LOCKED(Status.RESOURCE_EXHAUSTED),

    // ---- the counter agent's own (its local API answers these beside the server's) ----
    /** The central server did not answer (deadline, refused, unavailable) after the agent's bounded retries. */
    SERVER_UNREACHABLE(Status.UNAVAILABLE),
    /** No card reader of the configured kind (no terminal, no PC/SC service, no vendor library). */
    NO_READER(Status.FAILED_PRECONDITION),
    /** No card was presented before the read timed out. */
    NO_CARD(Status.FAILED_PRECONDITION),
    /** The card was pulled out while it was being read. */
    CARD_REMOVED(Status.FAILED_PRECONDITION),
    /** The card answered with an error or with something that is not a card of its kind. */
    READ_FAILED(Status.FAILED_PRECONDITION),
    /** Cards can be put in by a call only when the agent's card reader is the simulated one (demos, HIS tests). */
    NOT_SIMULATED(Status.FAILED_PRECONDITION),
    /**
     * The server is unreachable and settling offline would pass a limit (one settlement's amount, the journal's count
     * or sum, the age of its oldest entry); the message names the limit. Nothing is journaled.
     */
    OFFLINE_LIMIT(Status.FAILED_PRECONDITION);

    /** The gRPC status a rejection travels under (names as in io.grpc.Status.Code). */
    public enum Status {
        INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, UNAUTHENTICATED, RESOURCE_EXHAUSTED, UNAVAILABLE
    }

    private final Status status;

    ResultCode(Status status) {
        this.status = status;
    }

    public Status status() {
        return status;
    }
}

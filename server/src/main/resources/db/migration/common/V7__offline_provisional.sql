-- Settlements an agent made while the server was unreachable (临时结算) and forwarded later: the server settles each
-- anew, authoritatively, and keeps what the agent computed (and the patient paid) beside it, under the settlement's
-- key, with the difference authoritative − provisional per fund and for the patient (diff_patient_fen > 0: the patient
-- owes the hospital, 应补; < 0: the hospital owes the patient, 应退). The result columns are those of settlements.
CREATE TABLE provisional_settlements (
    hospital_code              VARCHAR(32)  NOT NULL,
    settlement_id              VARCHAR(64)  NOT NULL,
    settlement_date            CHAR(10)     NOT NULL,  -- the settlement's, for a day's list
    settled_at_millis          BIGINT       NOT NULL,  -- when the settlement was committed: the list's order
    recorded_at_millis         BIGINT       NOT NULL,
    offline_made_at_millis     BIGINT       NOT NULL,  -- when the agent made it (its clock)
    with_settlement            BOOLEAN      NOT NULL,  -- came with the request that settled (part of its first answer);
                                                       -- false: a repeat of an online request brought it later
    differs                    BOOLEAN      NOT NULL,  -- any difference below is not 0
    policy_id                  VARCHAR(64)  NOT NULL,
    mode                       VARCHAR(16)  NOT NULL,
    total_fen                  BIGINT       NOT NULL,
    compliant_fen              BIGINT       NOT NULL,
    basic_pay_fen              BIGINT       NOT NULL,
    ci_pay_fen                 BIGINT       NOT NULL,
    supplementary_pay          TEXT         NOT NULL,  -- "tier=fen;..." in the order sent
    supplementary_pay_fen      BIGINT       NOT NULL,
    assistance_pay_fen         BIGINT       NOT NULL,
    assistance_category        VARCHAR(32),
    fund_pay_fen               BIGINT       NOT NULL,
    hospital_absorbed_fen      BIGINT       NOT NULL,
    patient_pay_fen            BIGINT       NOT NULL,
    alert                      BOOLEAN      NOT NULL,
    delta                      TEXT         NOT NULL,
    totals_after               TEXT         NOT NULL,
    diff_basic_fen             BIGINT       NOT NULL,
    diff_ci_fen                BIGINT       NOT NULL,
    diff_supplementary_fen     BIGINT       NOT NULL,
    diff_assistance_fen        BIGINT       NOT NULL,
    diff_hospital_absorbed_fen BIGINT       NOT NULL,
    diff_patient_fen           BIGINT       NOT NULL,
    PRIMARY KEY (hospital_code, settlement_id)
);
CREATE INDEX provisional_settlements_by_date ON provisional_settlements (settlement_date, settled_at_millis);
CREATE INDEX provisional_settlements_by_hospital_date ON provisional_settlements (hospital_code, settlement_date, settled_at_millis);

-- What an agent's outage journal holds besides its pending count: entries the server refused when forwarded, and
-- when the oldest entry still waiting was made (0: none).
ALTER TABLE agent_reports ADD COLUMN journal_rejected INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agent_reports ADD COLUMN journal_oldest_millis BIGINT NOT NULL DEFAULT 0;

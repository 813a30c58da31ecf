-- OneStop server schema, portable between SQLite and PostgreSQL. Money is BIGINT fen; dates are
-- ISO text (yyyy-MM-dd), instants epoch milliseconds. Accumulator sets (year-to-date, a
-- settlement's delta and the totals after it) are stored as the text codec of AccumulatorsCodec.

CREATE TABLE hospitals (
    code              VARCHAR(32)  NOT NULL PRIMARY KEY,
    name              VARCHAR(200) NOT NULL,
    level             VARCHAR(16)  NOT NULL,
    county            CHAR(6)      NOT NULL,
    designated        BOOLEAN      NOT NULL,
    updated_at_millis BIGINT       NOT NULL
);

CREATE TABLE persons (
    id_number         CHAR(18)     NOT NULL PRIMARY KEY,
    name              VARCHAR(100) NOT NULL,
    scheme            VARCHAR(16)  NOT NULL,
    county            CHAR(6)      NOT NULL,
    insured_years     VARCHAR(400) NOT NULL,  -- comma-separated years, ascending
    roster_version    BIGINT       NOT NULL,  -- version of the person's last change
    updated_at_millis BIGINT       NOT NULL
);
CREATE UNIQUE INDEX persons_by_roster_version ON persons (roster_version);
CREATE INDEX persons_by_county ON persons (county, roster_version);

CREATE TABLE identity_periods (
    id_number  CHAR(18)     NOT NULL,
    seq        INTEGER      NOT NULL,  -- order within the person
    category   VARCHAR(32)  NOT NULL,
    from_date  CHAR(10),               -- NULL: open
    to_date    CHAR(10),               -- NULL: open
    department VARCHAR(100) NOT NULL,
    source     VARCHAR(200) NOT NULL,
    PRIMARY KEY (id_number, seq)
);

-- One row: the last roster version handed out (bumped in the transaction that changes a person).
CREATE TABLE roster_counter (
    id      INTEGER NOT NULL PRIMARY KEY,
    version BIGINT  NOT NULL
);
INSERT INTO roster_counter (id, version) VALUES (1, 0);

CREATE TABLE policies (
    policy_id        VARCHAR(64) NOT NULL,
    sha256           CHAR(64)    NOT NULL,
    region           CHAR(6)     NOT NULL,
    policy_year      INTEGER     NOT NULL,
    file_name        VARCHAR(200) NOT NULL,
    yaml             TEXT        NOT NULL,
    active           BOOLEAN     NOT NULL,  -- the one used for new settlements of its region and year
    loaded_at_millis BIGINT      NOT NULL,
    PRIMARY KEY (policy_id, sha256)
);
CREATE INDEX policies_by_region_year ON policies (region, policy_year, active);

CREATE TABLE accumulators (
    id_number      CHAR(18) NOT NULL,
    insurance_year INTEGER  NOT NULL,
    totals         TEXT     NOT NULL,
    version        BIGINT   NOT NULL,      -- bumped on every change
    PRIMARY KEY (id_number, insurance_year)
);

CREATE TABLE settlements (
    hospital_code          VARCHAR(32)  NOT NULL,
    settlement_id          VARCHAR(64)  NOT NULL,
    request_id             VARCHAR(64)  NOT NULL,
    id_number              CHAR(18)     NOT NULL,
    insurance_year         INTEGER      NOT NULL,
    settlement_date        CHAR(10)     NOT NULL,
    policy_id              VARCHAR(64)  NOT NULL,
    policy_sha256          CHAR(64)     NOT NULL,
    visit_type             VARCHAR(16)  NOT NULL,
    hospital_level         VARCHAR(16)  NOT NULL,
    special_disease        VARCHAR(32),
    mode                   VARCHAR(16)  NOT NULL,
    total_fen              BIGINT       NOT NULL,
    out_of_scope_fen       BIGINT       NOT NULL,
    prior_self_pay_fen     BIGINT       NOT NULL,
    compliant_fen          BIGINT       NOT NULL,
    basic_pay_fen          BIGINT       NOT NULL,
    ci_pay_fen             BIGINT       NOT NULL,
    supplementary_pay      TEXT         NOT NULL,  -- "tier=fen;..." in policy order
    supplementary_pay_fen  BIGINT       NOT NULL,  -- their sum, for reports
    assistance_pay_fen     BIGINT       NOT NULL,
    assistance_category    VARCHAR(32),
    fund_pay_fen           BIGINT       NOT NULL,
    hospital_absorbed_fen  BIGINT       NOT NULL,
    patient_pay_fen        BIGINT       NOT NULL,
    alert                  BOOLEAN      NOT NULL,
    delta                  TEXT         NOT NULL,
    totals_after           TEXT         NOT NULL,
    status                 VARCHAR(16)  NOT NULL,  -- SETTLED | REVERSED
    settled_at_millis      BIGINT       NOT NULL,
    reversed_at_millis     BIGINT       NOT NULL,  -- 0 unless reversed
    reverse_reason         VARCHAR(200) NOT NULL,
    offline_made_at_millis BIGINT       NOT NULL,
    PRIMARY KEY (hospital_code, settlement_id)
);
CREATE INDEX settlements_by_date ON settlements (hospital_code, settlement_date, settled_at_millis);
CREATE INDEX settlements_by_person ON settlements (id_number, insurance_year);
CREATE INDEX settlements_by_month ON settlements (settlement_date);

-- Idempotency: the first answer to each (caller, request_id). A malformed request is not stored.
CREATE TABLE requests (
    scope             VARCHAR(80)  NOT NULL,  -- "H:<hospital>" or "U:<office user>"
    request_id        VARCHAR(64)  NOT NULL,
    operation         VARCHAR(32)  NOT NULL,
    body_sha256       CHAR(64)     NOT NULL,
    outcome_code      VARCHAR(40),            -- NULL: success
    outcome_field     VARCHAR(100),
    outcome_message   VARCHAR(500),
    result_ref        VARCHAR(200),           -- what the success refers to (a settlement id, …)
    created_at_millis BIGINT       NOT NULL,
    PRIMARY KEY (scope, request_id)
);

-- The idempotency records and the accumulators are only ever found by their key. As rowid tables each had two B-trees,
-- the key's index and the rows: a lookup searched both, and a new request wrote a page of each (a settlement's commit
-- writes every page it touched whole to the log, so each B-tree it touches costs a 4 KiB page). Keyed WITHOUT ROWID,
-- the rows live in the key's B-tree: one search, one page. Their rows are small (well under a tenth of a page).
CREATE TABLE requests_v10 (
    scope             VARCHAR(80)  NOT NULL,
    request_id        VARCHAR(64)  NOT NULL,
    operation         VARCHAR(32)  NOT NULL,
    body_sha256       CHAR(64)     NOT NULL,
    outcome_code      VARCHAR(40),
    outcome_field     VARCHAR(100),
    outcome_message   VARCHAR(500),
    result_ref        VARCHAR(200),
    created_at_millis BIGINT       NOT NULL,
    PRIMARY KEY (scope, request_id)
) WITHOUT ROWID;
INSERT INTO requests_v10 (scope, request_id, operation, body_sha256, outcome_code, outcome_field, outcome_message, result_ref,
                          created_at_millis)
    SELECT scope, request_id, operation, body_sha256, outcome_code, outcome_field, outcome_message, result_ref, created_at_millis
    FROM requests;
DROP TABLE requests;
ALTER TABLE requests_v10 RENAME TO requests;

CREATE TABLE accumulators_v10 (
    id_number      CHAR(18) NOT NULL,
    insurance_year INTEGER  NOT NULL,
    totals         TEXT     NOT NULL,
    version        BIGINT   NOT NULL,
    PRIMARY KEY (id_number, insurance_year)
) WITHOUT ROWID;
INSERT INTO accumulators_v10 (id_number, insurance_year, totals, version)
    SELECT id_number, insurance_year, totals, version FROM accumulators;
DROP TABLE accumulators;
ALTER TABLE accumulators_v10 RENAME TO accumulators;

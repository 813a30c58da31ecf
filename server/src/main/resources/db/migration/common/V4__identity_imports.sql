-- Every roster import, validation runs included, with all of its problems: a report answers with counts and the
-- first problems only (it must fit in a gRPC message); the whole list is read back in pages (ListImportProblems).
CREATE TABLE identity_imports (
    import_id      VARCHAR(40)   NOT NULL PRIMARY KEY,
    actor          VARCHAR(80)   NOT NULL,
    source_name    VARCHAR(200)  NOT NULL,
    department     VARCHAR(100)  NOT NULL,
    mode           VARCHAR(32)   NOT NULL,
    rows_total     INTEGER       NOT NULL,
    clean_rows     INTEGER       NOT NULL,
    applied        BOOLEAN       NOT NULL,
    applied_rows   INTEGER       NOT NULL,
    problem_count  INTEGER       NOT NULL,
    problems_kept  INTEGER       NOT NULL,
    counts_by_kind VARCHAR(1000) NOT NULL,  -- "EMPTY_FIELD=3;NOT_INSURED=1"
    at_millis      BIGINT        NOT NULL
);
CREATE INDEX identity_imports_by_time ON identity_imports (at_millis);

CREATE TABLE identity_import_problems (
    import_id        VARCHAR(40)  NOT NULL,
    seq              INTEGER      NOT NULL,  -- file order, from 0
    line             INTEGER      NOT NULL,
    column_name      VARCHAR(20)  NOT NULL,
    id_number_masked VARCHAR(120) NOT NULL,
    kind             VARCHAR(32)  NOT NULL,
    problem          VARCHAR(1000) NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- The city office's console users, kept on the server so that every instance and the audit trail know them. The
-- password is an Argon2id hash as a self-describing PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash).
CREATE TABLE office_users (
    name              VARCHAR(64)  NOT NULL PRIMARY KEY,
    role              VARCHAR(16)  NOT NULL,  -- ADMIN | AUDITOR | CIVIL_AFFAIRS
    password_hash     VARCHAR(200) NOT NULL,
    created_at_millis BIGINT       NOT NULL,
    disabled          BOOLEAN      NOT NULL
);

-- Failed logins, one row per failure and subject ("name:<user>", "address:<client>", "peer:<gRPC peer>"), in the
-- database so that the limits hold across server instances sharing it. Rows older than the window are deleted as new
-- failures come.
CREATE TABLE office_login_failures (
    subject   VARCHAR(100) NOT NULL,
    at_millis BIGINT       NOT NULL
);
CREATE INDEX office_login_failures_by_subject ON office_login_failures (subject, at_millis);
CREATE INDEX office_login_failures_by_time ON office_login_failures (at_millis);

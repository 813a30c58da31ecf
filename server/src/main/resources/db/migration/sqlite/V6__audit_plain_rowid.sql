-- AUTOINCREMENT made every audit insert also read and rewrite sqlite_sequence (measured: a visible share of a
-- settlement's write). Audit rows are never deleted, so a plain rowid key hands out rising ids all the same.
CREATE TABLE audit_v6 (
    id        INTEGER      PRIMARY KEY,
    at_millis BIGINT       NOT NULL,
    actor     VARCHAR(80)  NOT NULL,
    action    VARCHAR(40)  NOT NULL,
    target    VARCHAR(200) NOT NULL,
    detail    VARCHAR(1000) NOT NULL
);
INSERT INTO audit_v6 (id, at_millis, actor, action, target, detail) SELECT id, at_millis, actor, action, target, detail FROM audit;
DROP TABLE audit;
ALTER TABLE audit_v6 RENAME TO audit;

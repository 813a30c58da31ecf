-- The console's listings. ListAudit's filters: one actor's or one action's entries newest first (the id order), and a
-- day range.
CREATE INDEX audit_by_actor ON audit (actor, id);
CREATE INDEX audit_by_action ON audit (action, id);
CREATE INDEX audit_by_time ON audit (at_millis);

-- ListImports pages newest first by (at_millis, import_id): the time index gains the tie-breaker.
DROP INDEX identity_imports_by_time;
CREATE INDEX identity_imports_by_time ON identity_imports (at_millis, import_id);

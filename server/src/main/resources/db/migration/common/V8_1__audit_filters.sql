-- ListAudit's filters: one actor's or one action's entries newest first (the id order), and a day range.
CREATE INDEX audit_by_actor ON audit (actor, id);
CREATE INDEX audit_by_action ON audit (action, id);
CREATE INDEX audit_by_time ON audit (at_millis);

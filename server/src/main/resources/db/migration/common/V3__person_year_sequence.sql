-- The order of changes within one person-year, exact even when two commits share a millisecond:
-- the accumulators row's version after the settlement (year_seq) and after its reversal (reversed_seq).
ALTER TABLE settlements ADD COLUMN year_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE settlements ADD COLUMN reversed_seq BIGINT NOT NULL DEFAULT 0;

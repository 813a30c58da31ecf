-- The office's search of every hospital's settlements, newest commit first, a page at a time: walking this index from
-- its end answers a page without reading and sorting a year of settlements. (A person's search uses
-- settlements_by_person, a hospital's settlements_by_date; the dashboard and the day's summaries settlements_by_month.)
CREATE INDEX settlements_by_settled_at ON settlements (settled_at_millis, hospital_code, settlement_id);

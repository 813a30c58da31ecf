CREATE TABLE audit (
    id        INTEGER      PRIMARY KEY AUTOINCREMENT,
    at_millis BIGINT       NOT NULL,
    actor     VARCHAR(80)  NOT NULL,
    action    VARCHAR(40)  NOT NULL,
    target    VARCHAR(200) NOT NULL,
    detail    VARCHAR(1000) NOT NULL
);

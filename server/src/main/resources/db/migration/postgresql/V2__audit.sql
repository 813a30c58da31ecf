CREATE TABLE audit (
    id        BIGSERIAL    PRIMARY KEY,
    at_millis BIGINT       NOT NULL,
    actor     VARCHAR(80)  NOT NULL,
    action    VARCHAR(40)  NOT NULL,
    target    VARCHAR(200) NOT NULL,
    detail    VARCHAR(1000) NOT NULL
);

-- The last report of each counter agent (every 30 s): which counters are online, how far their rosters are, what
-- they are waiting to send.
CREATE TABLE agent_reports (
    hospital_code       VARCHAR(32)  NOT NULL,
    agent_id            VARCHAR(64)  NOT NULL,
    counter_name        VARCHAR(100) NOT NULL,
    version             VARCHAR(40)  NOT NULL,
    roster_version      BIGINT       NOT NULL,
    last_sync_millis    BIGINT       NOT NULL,
    pending             INTEGER      NOT NULL,
    reported_at_millis  BIGINT       NOT NULL,
    PRIMARY KEY (hospital_code, agent_id)
);

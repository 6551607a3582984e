-- How many first votes a secret decision received in each hour, for its
-- turnout chart: counts only, no voter and no ballot, so nothing here links
-- a voter (decision_voters keeps no time) to what it voted.
CREATE TABLE decision_turnout (
    decision_id TEXT NOT NULL REFERENCES decisions(id),
    -- the hour, as milliseconds since the epoch divided by 3,600,000
    hour        BIGINT NOT NULL,
    votes       BIGINT NOT NULL,
    PRIMARY KEY (decision_id, hour)
);

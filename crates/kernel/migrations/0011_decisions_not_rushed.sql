-- A decision that acts (moves money, adopts a charter, validates a project)
-- stays open a minimum time and needs a minimum quorum, both the
-- collective's choice (no less than a day; 10 %); secret results per
-- college are shown only for colleges with enough voters.
ALTER TABLE collectives ADD COLUMN acting_min_hours BIGINT NOT NULL DEFAULT 72;
ALTER TABLE collectives ADD COLUMN acting_min_quorum BIGINT NOT NULL DEFAULT 25;
ALTER TABLE collectives ADD COLUMN college_results_min BIGINT NOT NULL DEFAULT 5;

-- A budget paid from the treasury above the collective's second-approval
-- threshold, or one whose funded proposals would all go to its opener,
-- waits for a second treasurer or coordinator: 'needed', 'approved' or
-- 'refused' (none: no approval needed).
ALTER TABLE decisions ADD COLUMN allocation_approval TEXT;
ALTER TABLE decisions ADD COLUMN allocation_decided_by TEXT REFERENCES members(id);

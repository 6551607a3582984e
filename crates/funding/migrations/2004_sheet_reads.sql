-- When each member was shown a loan's key information sheet: lending
-- requires it, as the French crowdfunding rules do before any lending.
CREATE TABLE funding_sheet_reads (
    loan_id   TEXT NOT NULL REFERENCES funding_loans(id),
    member_id TEXT NOT NULL REFERENCES members(id),
    read_at   BIGINT NOT NULL,
    PRIMARY KEY (loan_id, member_id)
);

-- The licenses a bucket's live assignments exceed its pools by, at the worst future instant, as last
-- told in a COMPLIANCE_GAP attention note (0: none open). A shrinking pool never revokes
-- assignments (issue #5); the note is raised when the gap opens or changes, and closed at 0.
ALTER TABLE pool_bucket ADD COLUMN compliance_gap INTEGER NOT NULL DEFAULT 0;
-- since when the open gap exists: the note's startDate while it stays open
ALTER TABLE pool_bucket ADD COLUMN compliance_gap_since TIMESTAMPTZ;

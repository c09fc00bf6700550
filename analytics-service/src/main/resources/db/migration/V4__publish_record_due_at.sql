-- When the post was meant to go live, on the publish record itself: the publishing report reads one table per range
-- instead of joining every record of the range to post_timing (a year of 730,000 records took ~2.4 s with the join).
ALTER TABLE publish_record ADD COLUMN due_at TIMESTAMPTZ;
UPDATE publish_record r SET due_at = t.due_at FROM post_timing t WHERE t.post_id = r.post_id;

-- The publishing report over a year read every destination of the range (730,000 rows for 100 accounts × 20 posts a
-- day took ~1.4 s). These two daily rollups are kept in step with publish_record in the same transaction as each
-- change (AnalyticsService), so the report reads at most a few rows per day.

-- The delay from due time to live, rounded to two significant digits (0.37 s, 4.2 s, 38 s, 380 s, 3,800 s): at most
-- 5 % off, and few distinct values per day, so percentiles come from (value, count) pairs. Below 10 ms counts as 0.
CREATE FUNCTION publishing_delay_bucket(seconds NUMERIC) RETURNS NUMERIC
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT CASE WHEN seconds < 0.01 THEN 0 ELSE round(seconds, 1 - floor(log(seconds))::INT) END $$;

-- Destinations published or failed per UTC day of their last change (publish_record.updated_at), platform and error.
CREATE TABLE publishing_outcome_day (
    workspace_id TEXT   NOT NULL,
    day          DATE   NOT NULL,
    platform     TEXT   NOT NULL,
    status       TEXT   NOT NULL,
    -- '' for published; the failure's code, or 'unknown' when it had none
    error_code   TEXT   NOT NULL,
    count        BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, day, platform, status, error_code)
);

-- Published destinations with a known due time, per UTC day of publication and rounded delay.
CREATE TABLE publishing_delay_day (
    workspace_id  TEXT    NOT NULL,
    day           DATE    NOT NULL,
    delay_seconds NUMERIC NOT NULL,
    count         BIGINT  NOT NULL,
    PRIMARY KEY (workspace_id, day, delay_seconds)
);

INSERT INTO publishing_outcome_day (workspace_id, day, platform, status, error_code, count)
SELECT workspace_id, (updated_at AT TIME ZONE 'UTC')::DATE, platform, status,
       CASE WHEN status = 'published' THEN '' ELSE coalesce(error_code, 'unknown') END, count(*)
FROM publish_record
WHERE status IN ('published', 'failed')
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO publishing_delay_day (workspace_id, day, delay_seconds, count)
SELECT workspace_id, (updated_at AT TIME ZONE 'UTC')::DATE,
       publishing_delay_bucket(greatest(0, extract(EPOCH FROM published_at - due_at))::NUMERIC), count(*)
FROM publish_record
WHERE status = 'published' AND due_at IS NOT NULL AND published_at IS NOT NULL
GROUP BY 1, 2, 3;

-- Metric collection and the time series (issue 9).

-- One collection slot per subject (a destination's platform post, or an account) and label (15m, 1h, …, a day for
-- an account, refresh-… on demand). The unique key is what makes "nothing fetched twice for the same slot" hold:
-- scheduling again (a redelivered destination.published) inserts nothing. due_at is the next time to act: when the
-- slot is due (pending) or when its request's lease runs out (requested) and it may be asked for again.
CREATE TABLE metric_slot (
    id               TEXT PRIMARY KEY,
    workspace_id     TEXT        NOT NULL,
    kind             TEXT        NOT NULL,
    subject_id       TEXT        NOT NULL,
    slot             TEXT        NOT NULL,
    account_id       TEXT        NOT NULL,
    platform         TEXT        NOT NULL,
    post_id          TEXT,
    destination_id   TEXT,
    platform_post_id TEXT,
    published_at     TIMESTAMPTZ,
    state            TEXT        NOT NULL,
    due_at           TIMESTAMPTZ NOT NULL,
    attempts         INT         NOT NULL DEFAULT 0,
    request_id       TEXT,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT metric_slot_once UNIQUE (subject_id, slot)
);
-- Only open slots are ever claimed; the partial index stays small however long the history.
CREATE INDEX metric_slot_due ON metric_slot (due_at) WHERE state IN ('pending', 'requested');
CREATE INDEX metric_slot_post ON metric_slot (workspace_id, post_id);

-- The series: one sample per destination and slot (the primary key: no duplicates in a series). Append-only and
-- written in time order, so a BRIN index on collected_at is tiny and lets retention and time-range scans skip blocks.
CREATE TABLE post_metric (
    destination_id TEXT        NOT NULL,
    slot           TEXT        NOT NULL,
    workspace_id   TEXT        NOT NULL,
    post_id        TEXT        NOT NULL,
    account_id     TEXT        NOT NULL,
    platform       TEXT        NOT NULL,
    published_at   TIMESTAMPTZ,
    collected_at   TIMESTAMPTZ NOT NULL,
    impressions    BIGINT,
    reach          BIGINT,
    likes          BIGINT,
    comments       BIGINT,
    shares         BIGINT,
    saves          BIGINT,
    clicks         BIGINT,
    video_views    BIGINT,
    raw            JSONB,
    PRIMARY KEY (destination_id, slot)
);
CREATE INDEX post_metric_collected ON post_metric USING BRIN (collected_at);
CREATE INDEX post_metric_post ON post_metric (workspace_id, post_id);

-- The newest sample of each destination: aggregates, top posts and best times read one row per post, not the series.
CREATE TABLE post_metric_latest (
    destination_id TEXT PRIMARY KEY,
    workspace_id   TEXT        NOT NULL,
    post_id        TEXT        NOT NULL,
    account_id     TEXT        NOT NULL,
    platform       TEXT        NOT NULL,
    published_at   TIMESTAMPTZ NOT NULL,
    collected_at   TIMESTAMPTZ NOT NULL,
    impressions    BIGINT,
    reach          BIGINT,
    likes          BIGINT,
    comments       BIGINT,
    shares         BIGINT,
    saves          BIGINT,
    clicks         BIGINT,
    video_views    BIGINT,
    engagement     BIGINT      NOT NULL
);
CREATE INDEX post_metric_latest_published ON post_metric_latest (workspace_id, published_at);
-- Top posts over a long range read the most engaging first and stop early; best times read one account's posts.
CREATE INDEX post_metric_latest_engagement ON post_metric_latest (workspace_id, engagement DESC);
CREATE INDEX post_metric_latest_account ON post_metric_latest (workspace_id, account_id, published_at);

-- Daily rollup of the latest samples by the day the posts were published, kept in step with post_metric_latest
-- (each new latest sample adds its difference): a year of 100 accounts is 36,500 rows to aggregate, not 730,000 posts.
CREATE TABLE post_metric_daily (
    workspace_id TEXT   NOT NULL,
    account_id   TEXT   NOT NULL,
    day          DATE   NOT NULL,
    platform     TEXT   NOT NULL,
    posts        BIGINT NOT NULL DEFAULT 0,
    impressions  BIGINT NOT NULL DEFAULT 0,
    reach        BIGINT NOT NULL DEFAULT 0,
    likes        BIGINT NOT NULL DEFAULT 0,
    comments     BIGINT NOT NULL DEFAULT 0,
    shares       BIGINT NOT NULL DEFAULT 0,
    saves        BIGINT NOT NULL DEFAULT 0,
    clicks       BIGINT NOT NULL DEFAULT 0,
    video_views  BIGINT NOT NULL DEFAULT 0,
    engagement   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, account_id, day)
);
CREATE INDEX post_metric_daily_day ON post_metric_daily (workspace_id, day);

-- Account metrics, one row per account and day.
CREATE TABLE account_metric (
    account_id   TEXT        NOT NULL,
    day          DATE        NOT NULL,
    workspace_id TEXT        NOT NULL,
    platform     TEXT        NOT NULL,
    collected_at TIMESTAMPTZ NOT NULL,
    followers    BIGINT,
    impressions  BIGINT,
    reach        BIGINT,
    likes        BIGINT,
    comments     BIGINT,
    shares       BIGINT,
    saves        BIGINT,
    clicks       BIGINT,
    video_views  BIGINT,
    raw          JSONB,
    PRIMARY KEY (account_id, day)
);
CREATE INDEX account_metric_day ON account_metric USING BRIN (day);

-- The last on-demand refresh of each post (the refresh endpoint is rate-limited per post).
CREATE TABLE post_refresh (
    workspace_id TEXT        NOT NULL,
    post_id      TEXT        NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, post_id)
);

-- When each post was meant to go live (from post events): the scheduled → live delay of the publishing report.
CREATE TABLE post_timing (
    post_id      TEXT PRIMARY KEY,
    workspace_id TEXT        NOT NULL,
    due_at       TIMESTAMPTZ NOT NULL
);

-- Failures are counted by the day they became final.
CREATE INDEX publish_record_updated ON publish_record (workspace_id, updated_at);

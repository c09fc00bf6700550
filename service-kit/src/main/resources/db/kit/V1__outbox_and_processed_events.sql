-- Shared by every service (service-kit): the transactional outbox and the processed-event log.

-- Rows written in the same transaction as the business change; the relay sends them to Kafka and deletes them.
CREATE TABLE outbox (
    id          BIGSERIAL PRIMARY KEY,
    event_id    TEXT        NOT NULL,
    topic       TEXT        NOT NULL,
    msg_key     TEXT        NOT NULL,
    event_type  TEXT        NOT NULL,
    payload     TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Idempotent consumers: an event id is recorded in the same transaction as its effect.
CREATE TABLE processed_event (
    consumer     TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

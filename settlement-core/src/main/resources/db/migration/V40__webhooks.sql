-- Webhooks: each partner's endpoint, the delivery outbox (written in the transaction that changes what an event
-- reports) and the log of every delivery attempt. Portable between PostgreSQL and H2 in PostgreSQL mode.

CREATE TABLE webhook_endpoint (
    partner_id  UUID PRIMARY KEY REFERENCES partner (id),
    url         VARCHAR(2048) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT        NOT NULL
);

-- Queue order across the whole table: a subject's deliveries are sent in seq order, one at a time.
CREATE SEQUENCE webhook_delivery_seq;

CREATE TABLE webhook_delivery (
    id               UUID PRIMARY KEY,
    seq              BIGINT        NOT NULL,
    partner_id       UUID          NOT NULL REFERENCES partner (id),
    -- X-Webhook-Id and the envelope's "id": the same on every attempt and on a replay of the event
    event_id         UUID          NOT NULL,
    event_type       VARCHAR(64)   NOT NULL,
    subject_id       VARCHAR(128)  NOT NULL,
    -- the exact envelope bytes (UTF-8 JSON) fixed at enqueue time, so every attempt sends and signs the same body
    payload          VARCHAR(65536) NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    -- attempts started so far (incremented when a worker claims the row)
    attempts         INTEGER       NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the worker that holds the row while it sends, and until when; an expired lease may be taken over
    lease_owner      VARCHAR(64),
    lease_until      TIMESTAMP WITH TIME ZONE,
    replay_of        UUID          REFERENCES webhook_delivery (id),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT webhook_delivery_seq_unique UNIQUE (seq)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (status, next_attempt_at);
CREATE INDEX webhook_delivery_subject ON webhook_delivery (partner_id, subject_id, status, seq);
CREATE INDEX webhook_delivery_partner ON webhook_delivery (partner_id, seq);

CREATE TABLE webhook_attempt (
    id           UUID PRIMARY KEY,
    delivery_id  UUID         NOT NULL REFERENCES webhook_delivery (id),
    attempt_no   INTEGER      NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- INITIATED before the request is sent; DELIVERED or FAILED after. One left INITIATED means the daemon stopped
    -- mid-send: the outcome is unknown and the delivery is tried again.
    outcome      VARCHAR(16)  NOT NULL,
    http_status  INTEGER,
    error        VARCHAR(300),
    duration_ms  BIGINT,
    CONSTRAINT webhook_attempt_unique UNIQUE (delivery_id, attempt_no)
);

-- Payment proof (issue 6, payment part): every receipt a buyer submits or we fetch, kept as dispute evidence with
-- its verdict; the one receipt that settled each order, unique on its replay key; durable Banxico fetches.

CREATE TABLE payment_receipt (
    id                   UUID PRIMARY KEY,
    order_id             UUID          NOT NULL REFERENCES settlement_order (id),
    -- UPLOAD (the buyer sent the XML) or BANXICO_FETCH (we downloaded it with our own query)
    source               VARCHAR(16)   NOT NULL,
    -- SHA-256 hex of the signed cadena; null when the cadena could not even be decoded
    replay_key           CHAR(64),
    verdict              VARCHAR(16)   NOT NULL,
    reason               VARCHAR(48)   NOT NULL,
    detail               VARCHAR(512)  NOT NULL,
    certificate_number   VARCHAR(20),
    tracking_key         VARCHAR(30),
    tracking_key_trusted BOOLEAN       NOT NULL,
    -- the raw file as received (capped at 16 kB by the verifier before anything is stored)
    receipt_xml          BYTEA         NOT NULL,
    received_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX payment_receipt_order ON payment_receipt (order_id, received_at);
CREATE INDEX payment_receipt_replay ON payment_receipt (replay_key);

-- One receipt settles one order, ever: the primary key refuses a second order for the same signed cadena, and the
-- unique order_id refuses a second receipt for the same order. Inserted in the transaction that applies
-- PAYMENT_VERIFIED to the order.
CREATE TABLE settled_receipt (
    replay_key  CHAR(64) PRIMARY KEY,
    order_id    UUID     NOT NULL REFERENCES settlement_order (id),
    receipt_id  UUID     NOT NULL REFERENCES payment_receipt (id),
    settled_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT settled_receipt_order_unique UNIQUE (order_id)
);

-- A CEP download from Banxico's portal asked for by a buyer's SPEI details; survives restarts.
CREATE TABLE payment_fetch (
    id                  UUID PRIMARY KEY,
    order_id            UUID         NOT NULL REFERENCES settlement_order (id),
    -- equals order_id while PENDING, null after: the unique constraint keeps one fetch per order at a time
    -- (portable: both H2 and PostgreSQL allow many nulls under UNIQUE)
    pending_order_id    UUID,
    status              VARCHAR(16)  NOT NULL,
    tracking_key        VARCHAR(30)  NOT NULL,
    credit_date         DATE         NOT NULL,
    sender_participant  VARCHAR(5)   NOT NULL,
    receiver_participant VARCHAR(5)  NOT NULL,
    beneficiary_account CHAR(18)     NOT NULL,
    amount_centavos     BIGINT       NOT NULL,
    attempts            INTEGER      NOT NULL,
    -- INITIATED while a portal query is in flight, then the portal's outcome
    last_outcome        VARCHAR(24),
    reason              VARCHAR(48),
    detail              VARCHAR(512),
    receipt_id          UUID REFERENCES payment_receipt (id),
    next_attempt_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    give_up_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    version             BIGINT       NOT NULL,
    CONSTRAINT payment_fetch_one_pending UNIQUE (pending_order_id)
);
CREATE INDEX payment_fetch_due ON payment_fetch (status, next_attempt_at);
CREATE INDEX payment_fetch_order ON payment_fetch (order_id, created_at);

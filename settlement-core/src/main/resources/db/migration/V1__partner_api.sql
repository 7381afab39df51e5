-- Partner API foundation: partners and their keys, users, KYC sessions, quotes, orders with their audit trail, and
-- idempotency records. Written to run unchanged on PostgreSQL and on H2 in PostgreSQL mode.

CREATE TABLE partner (
    id              UUID PRIMARY KEY,
    name            VARCHAR(200)  NOT NULL,
    tier            VARCHAR(16)   NOT NULL,
    kyc_model       VARCHAR(24)   NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    -- canonical IPs/CIDRs separated by commas; empty = every address
    ip_whitelist    VARCHAR(4000) NOT NULL,
    -- first 16 hex digits of SHA-256(api key): finds the one candidate before the bcrypt check
    api_key_id      VARCHAR(16)   NOT NULL,
    api_key_hash    VARCHAR(60)   NOT NULL,
    webhook_secret  VARCHAR(100)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT        NOT NULL,
    CONSTRAINT partner_api_key_id_unique UNIQUE (api_key_id)
);

CREATE TABLE partner_user (
    id                UUID PRIMARY KEY,
    partner_id        UUID         NOT NULL REFERENCES partner (id),
    partner_user_ref  VARCHAR(128) NOT NULL,
    kyc_level         VARCHAR(8)   NOT NULL,
    kyc_verified_at   TIMESTAMP WITH TIME ZONE,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    version           BIGINT       NOT NULL,
    CONSTRAINT partner_user_ref_unique UNIQUE (partner_id, partner_user_ref)
);
CREATE INDEX partner_user_created ON partner_user (partner_id, created_at);

CREATE TABLE kyc_session (
    id                   UUID PRIMARY KEY,
    partner_id           UUID          NOT NULL REFERENCES partner (id),
    user_id              UUID          NOT NULL REFERENCES partner_user (id),
    level                VARCHAR(8)    NOT NULL,
    status               VARCHAR(16)   NOT NULL,
    return_url           VARCHAR(2048) NOT NULL,
    provider_session_id  VARCHAR(200),
    session_url          VARCHAR(2048),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT kyc_session_provider_id_unique UNIQUE (provider_session_id)
);
CREATE INDEX kyc_session_partner_created ON kyc_session (partner_id, created_at);

CREATE TABLE quote (
    id                 UUID PRIMARY KEY,
    partner_id         UUID          NOT NULL REFERENCES partner (id),
    user_id            UUID          NOT NULL REFERENCES partner_user (id),
    partner_user_ref   VARCHAR(128)  NOT NULL,
    token              VARCHAR(8)    NOT NULL,
    amount_base_units  NUMERIC(38, 0) NOT NULL,
    exchange_rate      NUMERIC(12, 6) NOT NULL,
    gross_centavos     BIGINT        NOT NULL,
    fee_percent        NUMERIC(5, 2) NOT NULL,
    fee_centavos       BIGINT        NOT NULL,
    fee_recipient      VARCHAR(8)    NOT NULL,
    net_centavos       BIGINT        NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT quote_amounts_add_up CHECK (gross_centavos = fee_centavos + net_centavos)
);

CREATE TABLE settlement_order (
    id                 UUID PRIMARY KEY,
    partner_id         UUID          NOT NULL REFERENCES partner (id),
    user_id            UUID          NOT NULL REFERENCES partner_user (id),
    partner_user_ref   VARCHAR(128)  NOT NULL,
    -- unique: one quote backs at most one order, even under concurrent POST /orders
    quote_id           UUID          NOT NULL REFERENCES quote (id),
    status             VARCHAR(24)   NOT NULL,
    token              VARCHAR(8)    NOT NULL,
    token_address      VARCHAR(66)   NOT NULL,
    amount_base_units  NUMERIC(38, 0) NOT NULL,
    exchange_rate      NUMERIC(12, 6) NOT NULL,
    gross_centavos     BIGINT        NOT NULL,
    fee_percent        NUMERIC(5, 2) NOT NULL,
    fee_centavos       BIGINT        NOT NULL,
    fee_recipient      VARCHAR(8)    NOT NULL,
    net_centavos       BIGINT        NOT NULL,
    clabe              CHAR(18)      NOT NULL,
    escrow_contract    VARCHAR(66)   NOT NULL,
    -- the on-chain order id (felt): 0x + the 32 hex digits of id
    escrow_order_id    VARCHAR(66)   NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    version            BIGINT        NOT NULL,
    CONSTRAINT settlement_order_quote_unique UNIQUE (quote_id),
    CONSTRAINT settlement_order_escrow_id_unique UNIQUE (escrow_order_id),
    CONSTRAINT settlement_order_amounts_add_up CHECK (gross_centavos = fee_centavos + net_centavos)
);
CREATE INDEX settlement_order_partner_created ON settlement_order (partner_id, created_at);
CREATE INDEX settlement_order_user_created ON settlement_order (user_id, created_at);

CREATE TABLE order_timeline (
    id        UUID PRIMARY KEY,
    order_id  UUID        NOT NULL REFERENCES settlement_order (id),
    seq_no    INTEGER     NOT NULL,
    event     VARCHAR(64) NOT NULL,
    status    VARCHAR(24) NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT order_timeline_sequence_unique UNIQUE (order_id, seq_no)
);

CREATE TABLE idempotency_record (
    id               UUID PRIMARY KEY,
    partner_id       UUID         NOT NULL REFERENCES partner (id),
    idempotency_key  VARCHAR(255) NOT NULL,
    -- SHA-256 hex of method, path and body of the first request
    request_hash     CHAR(64)     NOT NULL,
    response_status  INTEGER,
    response_body    VARCHAR(65536),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT idempotency_key_unique UNIQUE (partner_id, idempotency_key)
);

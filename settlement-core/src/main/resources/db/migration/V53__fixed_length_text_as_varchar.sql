-- Fixed-length text columns become VARCHAR. Every value in them always has exactly the declared length (a CLABE is
-- 18 digits, validated before any insert; a replay key or request hash is a computed SHA-256 in 64 hex digits), so
-- nothing is padded or trimmed.
-- Why: H2 pads CHAR(n) values on read by wrapping any result with a CHAR column, and that wrapper rebuilds the whole
-- row on every column read: it was 7 % of the CPU of GET /api/v1/orders/{id}. PostgreSQL's manual advises against
-- char(n) for the same values too (blank-padded semantics, no speed benefit).
ALTER TABLE settlement_order ALTER COLUMN clabe SET DATA TYPE VARCHAR(18);
ALTER TABLE idempotency_record ALTER COLUMN request_hash SET DATA TYPE VARCHAR(64);
ALTER TABLE order_escrow ALTER COLUMN cep_replay_key SET DATA TYPE VARCHAR(64);
ALTER TABLE payment_receipt ALTER COLUMN replay_key SET DATA TYPE VARCHAR(64);
ALTER TABLE settled_receipt ALTER COLUMN replay_key SET DATA TYPE VARCHAR(64);
ALTER TABLE payment_fetch ALTER COLUMN beneficiary_account SET DATA TYPE VARCHAR(18);

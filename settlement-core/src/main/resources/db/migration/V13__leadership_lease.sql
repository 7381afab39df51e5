-- One row per leadership role: which daemon instance holds it, until when (database clock), and its fencing token.
-- The token grows by one at every acquisition, so work stamped with an older token can be recognised and refused.
-- Rows are created here, never at run time: acquiring is then always a compare-and-set UPDATE (portable between H2
-- and PostgreSQL, and two first acquirers cannot both insert).
CREATE TABLE leadership_lease (
    role          VARCHAR(64)              NOT NULL PRIMARY KEY,
    holder_id     VARCHAR(128),
    fencing_token BIGINT                   NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    acquired_at   TIMESTAMP WITH TIME ZONE,
    renewed_at    TIMESTAMP WITH TIME ZONE
);

-- The chain leader: polls the escrow contract, runs the money effects and sends transactions.
INSERT INTO leadership_lease (role, holder_id, fencing_token, expires_at)
VALUES ('chain-leader', NULL, 0, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');

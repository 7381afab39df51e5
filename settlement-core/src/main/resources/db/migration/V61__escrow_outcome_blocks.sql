-- The blocks of an escrow's payout (release, refund, dispute resolution) and of its on-chain dispute, as for the
-- deposit and the lock: a reorg that orphans one of them must not leave the order COMPLETED, REFUNDED or DISPUTED on
-- our side while the escrow on-chain is back to Locked. The lifecycle cannot undo a payout, so it flags the order.
ALTER TABLE order_escrow ADD COLUMN outcome_block_hash VARCHAR(66);
ALTER TABLE order_escrow ADD COLUMN dispute_block_hash VARCHAR(66);
CREATE INDEX order_escrow_outcome_block ON order_escrow (outcome_block_hash);
CREATE INDEX order_escrow_dispute_block ON order_escrow (dispute_block_hash);

-- A money effect (SEND_CRYPTO_TO_BUYER, RETURN_CRYPTO_TO_SELLER) runs after commit, sometimes minutes later (a node
-- down, a leader change). It was decided for the escrow as it stood then: who had locked it, in which block, and
-- whether a dispute was open on-chain. If that changed before it runs (a buyer locked a listing whose refund was
-- pending, a party opened a dispute after the lock timer fired), it must not run: a refund would take a locked
-- buyer's crypto, and a refund or release would turn into a dispute resolution no admin decided.
ALTER TABLE order_effect ADD COLUMN escrow_buyer VARCHAR(66);
ALTER TABLE order_effect ADD COLUMN escrow_lock_block_hash VARCHAR(66);
ALTER TABLE order_effect ADD COLUMN escrow_disputed BOOLEAN;
-- Money effects written before this column existed were decided for the escrow as it stands now.
UPDATE order_effect SET
    escrow_buyer = (SELECT o.buyer FROM order_escrow o WHERE o.order_id = order_effect.order_id),
    escrow_lock_block_hash = (SELECT o.lock_block_hash FROM order_escrow o WHERE o.order_id = order_effect.order_id),
    escrow_disputed = COALESCE((SELECT o.disputed_on_chain FROM order_escrow o
                                WHERE o.order_id = order_effect.order_id), FALSE)
WHERE effect IN ('SEND_CRYPTO_TO_BUYER', 'RETURN_CRYPTO_TO_SELLER');

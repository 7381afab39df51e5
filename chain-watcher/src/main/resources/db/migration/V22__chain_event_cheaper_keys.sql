-- Cheaper keys for the watcher's bulk inserts. Every secondary index of chain_event costs a B-tree insert per row and
-- another B-tree visit per row at commit; with two indexes on 66-character strings this was most of the watcher's
-- time (see README, "Benchmarks: chain watcher"). The guarantees stay the same, with keys that compare as integers.

-- The emission key becomes the event's position: block number, transaction index in the block, event index in the
-- transaction, and the block hash (a block hash commits to its transactions, so this identifies one emission exactly
-- as (block_hash, transaction_hash, event_index) did). A page delivered twice still cannot be recorded twice. Integers
-- lead: most comparisons end there, and the watcher's inserts arrive in this order (appends, not random inserts).
-- Rows recorded before this migration keep a NULL transaction_index (the node's transaction index was not stored);
-- they are never inserted again, since the cursor is past them and a reorg re-reads only blocks with new hashes.
ALTER TABLE chain_event ADD COLUMN transaction_index INTEGER;
ALTER TABLE chain_event DROP CONSTRAINT chain_event_emission;
ALTER TABLE chain_event ADD CONSTRAINT chain_event_position
    UNIQUE (block_number, transaction_index, event_index, block_hash);

-- Lookup by order (the dispute view's chain evidence) through a 64-bit key: the low 64 bits of the order id, which for
-- our orders is the random half of the order's UUID. Colliding keys are told apart by order_id, the second column.
-- Rows recorded before this migration have a NULL order_key and are found by (NULL, order_id) on the same index.
ALTER TABLE chain_event ADD COLUMN order_key BIGINT;
DROP INDEX chain_event_order;
CREATE INDEX chain_event_order_key ON chain_event (order_key, order_id);

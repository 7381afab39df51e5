-- Lighter journal rows: each secondary structure of chain_event costs the watcher's bulk inserts a B-tree insert per
-- row and another visit at commit (README, "Benchmarks: chain watcher"). What stays: the position key (V22), which
-- keeps an emission from being recorded twice.

-- The by-order lookup moves to order_chain_event (V51), which the core fills for our orders only. The positions of
-- the events journaled so far are copied there, whatever their order, so the dispute view still finds them.
INSERT INTO order_chain_event (order_id, block_number, transaction_index, event_index, block_hash)
    SELECT order_id, block_number, transaction_index, event_index, block_hash FROM chain_event;
DROP INDEX chain_event_order_key;
ALTER TABLE chain_event DROP COLUMN order_key;

-- The surrogate id goes: nothing reads it (an event is named by its position), and its identity sequence cost a
-- sequence step per inserted row.
ALTER TABLE chain_event DROP COLUMN id;

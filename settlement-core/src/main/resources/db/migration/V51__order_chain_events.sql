-- Where each chain event of one of our orders was emitted: the dispute view's chain evidence is these positions joined
-- with the chain watcher's journal (chain_event), which holds the decoded event and whether a reorg retracted it.
-- Written by the core inside the watcher's transaction, for events whose order the engine knows. The journal records
-- every event of the public contract; keeping the by-order lookup here, for our orders only, spares the journal an
-- index entry per event (README, "Benchmarks: chain watcher").
CREATE TABLE order_chain_event (
    -- the escrow order id as a canonical felt, as in chain_event.order_id
    order_id          VARCHAR(66) NOT NULL,
    block_number      BIGINT      NOT NULL,
    -- NULL only for positions copied from events journaled before the journal stored it (migration V52)
    transaction_index INTEGER,
    event_index       INTEGER     NOT NULL,
    block_hash        VARCHAR(66) NOT NULL
);
CREATE INDEX order_chain_event_order ON order_chain_event (order_id);

package org.mexicop2p.settlement.chain;

/**
 * One of the six order events of the escrow contract, decoded into typed fields. These are the facts the chain
 * watcher hands to the core; order ids, addresses and hashes are canonical {@link FeltHex} strings, token amounts are
 * integer base units.
 */
public sealed interface EscrowEvent permits OrderCreated, OrderLocked, OrderReleased, OrderRefunded, DisputeOpened,
        DisputeResolved {

    /** The escrow order id (a felt). */
    String orderId();

    /** Where the event was emitted. */
    ChainPosition position();
}

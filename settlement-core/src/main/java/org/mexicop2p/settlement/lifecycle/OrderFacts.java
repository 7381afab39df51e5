package org.mexicop2p.settlement.lifecycle;

/**
 * The only way an order changes after creation. {@link #apply} looks the (status, input) pair up in
 * {@link OrderLifecycle} and, in one database transaction, compare-and-sets the order row on its status and version,
 * appends the timeline entry, and writes the transition's effects to the outboxes (webhooks, chain intents, timers).
 * It joins the caller's transaction when there is one, so a caller can make its own write (for example the CEP's
 * replay-key row) part of the same commit.
 */
public interface OrderFacts {

    FactResult apply(OrderFact fact);
}

package org.mexicop2p.settlement.chain;

/** Why an {@link EscrowCommands} call did what it did; one code per reason, so callers never parse messages. */
public enum CommandResult {
    /** A transaction was sent (or confirmed already); see the command's status. */
    ACCEPTED,
    /** The same command was requested before; the existing record is returned and nothing new is sent. */
    ALREADY_REQUESTED,
    /** A release was requested before for this order with a different CEP; nothing is sent. */
    CONFLICTING_PROOF,
    /** The order id, an address or the amount is not a valid felt / u256. Nothing recorded. */
    INVALID_ORDER,
    /** The CEP replay key is not 64 hex digits (SHA-256). Nothing recorded. */
    INVALID_REPLAY_KEY,
    /** The CEP already released another order (the proof hash is taken). Nothing recorded. */
    PROOF_ALREADY_USED,
    /** The contract's order is not in a state that allows this command (e.g. release of an Open order). */
    ORDER_STATE_FORBIDS,
    /** The contract's order has other parties, token or amount than the core's view. Nothing sent. */
    ORDER_MISMATCH,
    /** The operator account or the proof-signer key is not configured; nothing recorded. */
    NOT_CONFIGURED,
    /** The node could not be reached or refused the transaction; the command stays for the reconciler. */
    NODE_UNAVAILABLE,
    /**
     * This daemon does not hold the chain-leader lease (or lost it while working): nothing was sent and its last
     * write was rolled back. The leader does the work; a record left INITIATED is reconciled by the leader.
     */
    NOT_LEADER
}

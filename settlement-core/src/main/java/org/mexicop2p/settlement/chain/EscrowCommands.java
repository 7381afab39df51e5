package org.mexicop2p.settlement.chain;

import java.util.Optional;

/**
 * The core's port for moving escrowed money: every on-chain action of the engine goes through it. Implementations
 * record each command before sending it, send at most one transaction that can succeed per order and kind, and never
 * throw for a business reason: the {@link CommandOutcome} carries a {@link CommandResult}.
 */
public interface EscrowCommands {

    /**
     * Releases the escrowed tokens to {@code order.buyer()}, proving payment with the CEP whose replay key (lowercase
     * SHA-256 hex of the signed cadena) is {@code cepReplayKey}.
     */
    CommandOutcome release(EscrowOrder order, String cepReplayKey);

    /** Returns the escrowed tokens to the seller (the operator is the contract owner). */
    CommandOutcome refund(EscrowOrder order);

    /** Pays a disputed order to {@code winner} (the operator is an arbiter). */
    CommandOutcome resolveDispute(EscrowOrder order, DisputeWinner winner);

    /** The current record of a command, if one was ever requested. */
    Optional<ChainCommand> find(String orderId, CommandKind kind);
}

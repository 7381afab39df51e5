package org.mexicop2p.chain.gateway;

import org.mexicop2p.settlement.chain.CommandKind;
import org.mexicop2p.settlement.chain.CommandResult;
import org.mexicop2p.settlement.chain.EscrowOrder;

import java.util.Optional;

/**
 * The contract's preconditions, checked from its state before any transaction is sent, so that a command the
 * contract would refuse is never signed: which statuses allow which command, and whether the order on-chain is the
 * one the core believes it is (a reorg may have replaced the buyer).
 */
final class GatewayChecks {

    private GatewayChecks() {
    }

    /** Why {@code kind} must not be sent for {@code expected} given the contract's {@code onChain} order, if so. */
    static Optional<CommandResult> refusal(CommandKind kind, EscrowOrder expected, OnChainOrder onChain) {
        boolean allowed = switch (kind) {
            case RELEASE -> onChain.status() == OnChainOrder.Status.LOCKED;
            case REFUND -> onChain.status() == OnChainOrder.Status.OPEN
                    || onChain.status() == OnChainOrder.Status.LOCKED;
            case RESOLVE_DISPUTE -> onChain.status() == OnChainOrder.Status.DISPUTED;
        };
        if (!onChain.exists() || !allowed) {
            return Optional.of(CommandResult.ORDER_STATE_FORBIDS);
        }
        boolean buyerMatters = kind != CommandKind.REFUND;
        if (!sameOrder(expected, onChain, buyerMatters)) {
            return Optional.of(CommandResult.ORDER_MISMATCH);
        }
        return Optional.empty();
    }

    private static boolean sameOrder(EscrowOrder expected, OnChainOrder onChain, boolean checkBuyer) {
        return expected.seller().equals(onChain.seller()) && expected.token().equals(onChain.token())
                && expected.amountBaseUnits().equals(onChain.amountBaseUnits())
                && (!checkBuyer || expected.buyer().equals(onChain.buyer()));
    }
}

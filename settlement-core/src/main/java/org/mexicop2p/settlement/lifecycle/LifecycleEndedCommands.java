package org.mexicop2p.settlement.lifecycle;

import jakarta.inject.Singleton;
import org.mexicop2p.settlement.chain.ChainCommand;
import org.mexicop2p.settlement.chain.EndedCommandHandler;
import org.mexicop2p.settlement.chain.FeltHex;
import org.mexicop2p.settlement.order.OrderRepository;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * The core's {@link EndedCommandHandler}: flags the order for an operator with the command's ending as the reason (the
 * dispute view shows it), in the transaction that records the ending. The order's status stays where it is: whether
 * to resend, refund or wait is an operator's call once the cause (a paused contract, a changed escrow) is known.
 * Commands for order ids the engine does not know are only logged.
 */
@Singleton
public class LifecycleEndedCommands implements EndedCommandHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleEndedCommands.class);
    /** Width of {@code order_escrow.flag_reason}. */
    static final int FLAG_REASON_MAX_CHARS = 300;
    private static final String ELLIPSIS = "...";

    private final OrderRepository orders;
    private final OrderEscrows escrows;
    private final Clock clock;

    public LifecycleEndedCommands(OrderRepository orders, OrderEscrows escrows, Clock clock) {
        this.orders = orders;
        this.escrows = escrows;
        this.clock = clock;
    }

    @Override
    public void ended(ChainCommand command) {
        Optional<SettlementOrder> order = LifecycleChainFacts.uuidOf(command.orderId()).flatMap(orders::findById)
                .filter(o -> FeltHex.parse(o.escrowOrderId()).map(command.orderId()::equals).orElse(false));
        String reason = reason(command);
        if (order.isEmpty()) {
            LOG.warn("escrow order {} is not ours; nothing to flag: {}", command.orderId(), reason);
            return;
        }
        LOG.warn("order {}: {}; flagged", order.get().id(), reason);
        escrows.flag(order.get().id(), reason, clock.instant());
    }

    /**
     * What ended, which command and attempt, and why, within the flag's width. A node's revert reason ends with the
     * contract's own code ({@code 'CONTRACT_PAUSED'}) after a long call trace, so a detail too long keeps its end; the
     * whole detail stays in the command's log.
     */
    static String reason(ChainCommand command) {
        String head = command.kind() + " " + command.status() + " (chain command " + command.id() + ", attempt "
                + command.attempts() + "): ";
        String detail = command.detail() == null ? "" : command.detail();
        int room = FLAG_REASON_MAX_CHARS - head.length();
        return head + (detail.length() <= room ? detail
                : ELLIPSIS + detail.substring(detail.length() - (room - ELLIPSIS.length())));
    }
}

package org.mexicop2p.settlement.lifecycle;

import org.mexicop2p.settlement.money.Mxn;
import org.mexicop2p.settlement.order.OrderStatus;
import org.mexicop2p.settlement.order.SettlementOrder;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code data} of an order's webhook events: enough for a partner to act without calling back (the order, its
 * new status, the amounts the buyer pays and the seller gets, the escrow ids, the parties the chain showed), plus the
 * fact that caused it and, for admin decisions, who decided and why.
 */
public final class OrderEventData {

    private OrderEventData() {
    }

    public static Map<String, Object> of(SettlementOrder order, OrderStatus status, OrderEscrow escrow,
                                         OrderInput cause, Map<String, String> details, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", order.id().toString());
        data.put("partnerUserRef", order.partnerUserRef());
        data.put("status", status.name());
        data.put("token", order.token().name());
        data.put("amount", order.tokenBaseUnits().toString());
        data.put("grossAmountMxn", Mxn.fromCentavos(order.grossCentavos()).toPlainString());
        data.put("feeAmountMxn", Mxn.fromCentavos(order.feeCentavos()).toPlainString());
        data.put("netAmountMxn", Mxn.fromCentavos(order.netCentavos()).toPlainString());
        data.put("clabe", order.clabe());
        data.put("escrowContract", order.escrowContract());
        data.put("escrowOrderId", order.escrowOrderId());
        if (escrow != null) {
            putIfPresent(data, "seller", escrow.seller());
            putIfPresent(data, "buyer", escrow.buyer());
            if (escrow.lockExpiryAt() != null) {
                data.put("lockExpiresAt", escrow.lockExpiryAt().toString());
            }
        }
        if (cause != null) {
            data.put("cause", cause.name());
        }
        putIfPresent(data, "decidedBy", details.get(FactDetails.DECIDED_BY));
        putIfPresent(data, "reason", details.get(FactDetails.REASON));
        data.put("occurredAt", at.toString());
        return data;
    }

    private static void putIfPresent(Map<String, Object> data, String key, String value) {
        if (value != null) {
            data.put(key, value);
        }
    }
}

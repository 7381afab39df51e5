package org.mexicop2p.api.endtoend;

import java.math.BigInteger;
import java.util.UUID;

/**
 * One order as {@code POST /api/v1/orders} created it, with what the outside world needs to act on it: the escrow
 * order id and token the seller deposits, the exact base units, and the pesos and CLABE the buyer pays.
 *
 * @param orderId          the order's id in the Partner API
 * @param partner          who created it
 * @param partnerUserRef   the selling user
 * @param escrowOrderId    the on-chain order id (a felt)
 * @param tokenAddress     the token contract the deposit must use
 * @param amountBaseUnits  the exact deposit, in token base units (6 decimals)
 * @param grossAmountMxn   what the buyer pays over SPEI, e.g. {@code "1725.00"}
 * @param clabe            the CLABE the buyer pays into
 */
public record Trade(UUID orderId, Partner partner, String partnerUserRef, BigInteger escrowOrderId,
                    BigInteger tokenAddress, BigInteger amountBaseUnits, String grossAmountMxn, String clabe) {

    /** The order id as the webhooks and URLs carry it. */
    public String id() {
        return orderId.toString();
    }
}

package org.mexicop2p.settlement.order;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Version;
import org.mexicop2p.settlement.money.Token;
import org.mexicop2p.settlement.quote.FeeRecipient;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * A sell order: the quote's amounts frozen, the CLABE the buyer pays into, and the escrow terms the seller's wallet
 * must deposit exactly. {@code escrowOrderId} is the on-chain order id: {@code 0x} + the 32 hex digits of {@code id}
 * (128 bits, far below the felt modulus, unique because the id is).
 */
@MappedEntity("settlement_order")
public record SettlementOrder(
        @Id UUID id,
        UUID partnerId,
        UUID userId,
        String partnerUserRef,
        UUID quoteId,
        OrderStatus status,
        Token token,
        String tokenAddress,
        BigDecimal amountBaseUnits,
        BigDecimal exchangeRate,
        long grossCentavos,
        BigDecimal feePercent,
        long feeCentavos,
        FeeRecipient feeRecipient,
        long netCentavos,
        String clabe,
        String escrowContract,
        String escrowOrderId,
        Instant createdAt,
        Instant updatedAt,
        @Version Long version) {

    public BigInteger tokenBaseUnits() {
        return amountBaseUnits.toBigIntegerExact();
    }

    /** The on-chain id of an order with this database id. */
    public static String escrowOrderIdOf(UUID id) {
        return "0x" + id.toString().replace("-", "");
    }
}

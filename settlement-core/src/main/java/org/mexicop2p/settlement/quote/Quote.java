package org.mexicop2p.settlement.quote;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import org.mexicop2p.settlement.money.Token;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * A rate and fee fixed for one user and amount until {@code expiresAt}. It becomes used when an order references it
 * (orders.quote_id is unique), so it can never back two orders.
 */
@MappedEntity("quote")
public record Quote(
        @Id UUID id,
        UUID partnerId,
        UUID userId,
        String partnerUserRef,
        Token token,
        BigDecimal amountBaseUnits,
        BigDecimal exchangeRate,
        long grossCentavos,
        BigDecimal feePercent,
        long feeCentavos,
        FeeRecipient feeRecipient,
        long netCentavos,
        Instant createdAt,
        Instant expiresAt) {

    public BigInteger tokenBaseUnits() {
        return amountBaseUnits.toBigIntegerExact();
    }
}

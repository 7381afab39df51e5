package org.mexicop2p.settlement.money;

import java.math.BigDecimal;
import java.math.BigInteger;

/** The stablecoins the escrow accepts. Both have 6 decimals on Starknet. */
public enum Token {
    USDC,
    USDT;

    /** Decimals of the on-chain token; amounts are carried as integer base units. */
    public static final int DECIMALS = 6;

    /** Converts a whole-token amount with at most {@link #DECIMALS} decimals to base units, exactly. */
    public static BigInteger toBaseUnits(BigDecimal tokens) {
        return tokens.movePointRight(DECIMALS).toBigIntegerExact();
    }

    /** Converts base units back to a whole-token amount, trailing zeros stripped ("100", "12.5"). */
    public static BigDecimal fromBaseUnits(BigInteger baseUnits) {
        BigDecimal value = new BigDecimal(baseUnits, DECIMALS).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }
}

package org.mexicop2p.settlement.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Mexican peso amounts. Stored as integer centavos; shown as {@code BigDecimal} with scale 2. Rounding is always
 * half-up to the centavo, as in the partner documentation (1,725.00 × 1.5 % = 25.875 → 25.88).
 */
public final class Mxn {

    private Mxn() {
    }

    /** Rounds half-up to centavos and returns the integer number of centavos. */
    public static long toCentavos(BigDecimal pesos) {
        return pesos.setScale(2, RoundingMode.HALF_UP).movePointRight(2).longValueExact();
    }

    /** Centavos as pesos with scale 2. */
    public static BigDecimal fromCentavos(long centavos) {
        return BigDecimal.valueOf(centavos, 2);
    }

    /** Whole pesos as centavos (for limits written in pesos). */
    public static long pesos(long wholePesos) {
        return Math.multiplyExact(wholePesos, 100L);
    }
}

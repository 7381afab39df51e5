package org.mexicop2p.settlement.quote;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuoteAmountsTest {

    @Test
    void theDocumentedExample() {
        // 100 USDC at 17.25 with a 1.5 % fee: 1,725.00 / 25.88 / 1,699.12 (25.875 rounds half-up).
        QuoteAmounts amounts = QuoteAmounts.compute(BigInteger.valueOf(100_000_000L), new BigDecimal("17.25"),
                new BigDecimal("1.50"));
        assertEquals(new QuoteAmounts(172_500, 2_588, 169_912), amounts);
    }

    @Test
    void grossIsRoundedHalfUpAndAlwaysEqualsFeePlusNet() {
        QuoteAmounts amounts = QuoteAmounts.compute(BigInteger.valueOf(12_345_678L), new BigDecimal("17.25"),
                new BigDecimal("3.33"));
        assertEquals(21_296, amounts.grossCentavos(), "12.345678 × 17.25 = 212.962945... → 212.96");
        assertEquals(709, amounts.feeCentavos(), "212.96 × 3.33 % = 7.0915... → 7.09");
        assertEquals(amounts.grossCentavos(), amounts.feeCentavos() + amounts.netCentavos());
    }

    @Test
    void noFeeMeansNetEqualsGross() {
        QuoteAmounts amounts = QuoteAmounts.compute(BigInteger.ONE, new BigDecimal("18.3365"), BigDecimal.ZERO);
        assertEquals(0, amounts.grossCentavos(), "one base unit is worth less than a centavo");
        assertEquals(0, amounts.feeCentavos());
    }
}

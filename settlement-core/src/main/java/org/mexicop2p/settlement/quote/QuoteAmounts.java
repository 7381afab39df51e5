package org.mexicop2p.settlement.quote;

import org.mexicop2p.settlement.money.Mxn;
import org.mexicop2p.settlement.money.Token;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The peso amounts of a trade, computed once at quote time and then only copied: gross = tokens × rate, fee = gross
 * × feePercent / 100, net = gross − fee, each rounded half-up to the centavo (the net is exact by subtraction, so
 * gross always equals fee + net).
 */
public record QuoteAmounts(long grossCentavos, long feeCentavos, long netCentavos) {

    public static QuoteAmounts compute(BigInteger tokenBaseUnits, BigDecimal mxnPerUsd, BigDecimal feePercent) {
        BigDecimal tokens = new BigDecimal(tokenBaseUnits, Token.DECIMALS);
        long gross = Mxn.toCentavos(tokens.multiply(mxnPerUsd));
        long fee = Mxn.toCentavos(Mxn.fromCentavos(gross).multiply(feePercent)
                .divide(BigDecimal.valueOf(100), 10, RoundingMode.HALF_UP));
        return new QuoteAmounts(gross, fee, gross - fee);
    }
}

package org.mexicop2p.settlement.quote;

import jakarta.inject.Singleton;
import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;
import org.mexicop2p.settlement.money.Token;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.rate.ExchangeRateService;
import org.mexicop2p.settlement.user.PartnerUser;
import org.mexicop2p.settlement.user.UserService;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Locks the current rate and the partner's fee for one user and amount, for five minutes. */
@Singleton
public class QuoteService {

    public static final Duration VALIDITY = Duration.ofMinutes(5);
    /** Largest amount per quote, in whole tokens; bounds exposure and keeps every amount far inside a felt. */
    public static final BigDecimal MAX_TOKENS = new BigDecimal("1000000");
    public static final BigDecimal MAX_FEE_PERCENT = BigDecimal.TEN;

    private final UserService users;
    private final ExchangeRateService rates;
    private final QuoteRepository quotes;
    private final Clock clock;

    public QuoteService(UserService users, ExchangeRateService rates, QuoteRepository quotes, Clock clock) {
        this.users = users;
        this.rates = rates;
        this.quotes = quotes;
        this.clock = clock;
    }

    public Quote create(Partner partner, String partnerUserRef, BigDecimal amountTokens, Token token,
                        BigDecimal feePercent, FeeRecipient feeRecipient) {
        if (amountTokens.signum() <= 0 || amountTokens.compareTo(MAX_TOKENS) > 0
                || amountTokens.stripTrailingZeros().scale() > Token.DECIMALS) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, "amount: greater than 0, at most "
                    + MAX_TOKENS.toPlainString() + ", at most " + Token.DECIMALS + " decimals");
        }
        if (feePercent.signum() < 0 || feePercent.compareTo(MAX_FEE_PERCENT) > 0
                || feePercent.stripTrailingZeros().scale() > 2) {
            throw new RejectedException(Rejection.VALIDATION_ERROR,
                    "feePercent: from 0 to 10, at most 2 decimals");
        }
        PartnerUser user = users.require(partner, partnerUserRef);
        ExchangeRateService.Current rate = rates.current();
        BigInteger baseUnits = Token.toBaseUnits(amountTokens);
        BigDecimal fee = feePercent.setScale(2);
        QuoteAmounts amounts = QuoteAmounts.compute(baseUnits, rate.rate().mxnPerUsd(), fee);
        if (amounts.grossCentavos() < 1) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, "amount: worth less than one centavo");
        }
        Instant now = clock.instant();
        return quotes.save(new Quote(UUID.randomUUID(), partner.id(), user.id(), user.partnerUserRef(), token,
                new BigDecimal(baseUnits), rate.rate().mxnPerUsd(), amounts.grossCentavos(), fee,
                amounts.feeCentavos(), feeRecipient, amounts.netCentavos(), now, now.plus(VALIDITY)));
    }
}

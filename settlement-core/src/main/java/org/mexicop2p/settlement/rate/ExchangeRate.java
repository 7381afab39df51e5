package org.mexicop2p.settlement.rate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A USD/MXN rate as published by its source.
 *
 * @param mxnPerUsd    pesos per dollar (Banxico's FIX has 4 decimals)
 * @param publishedFor the day the source published the rate for
 * @param source       which source, e.g. {@code BANXICO_FIX} or {@code SANDBOX}
 * @param fetchedAt    when we obtained it
 */
public record ExchangeRate(BigDecimal mxnPerUsd, LocalDate publishedFor, String source, Instant fetchedAt) {
}

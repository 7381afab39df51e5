package org.mexicop2p.cep.verify;

import java.util.Objects;

/**
 * The outcome of {@link PaymentExpectation#match}: a reason and a sentence for logs.
 *
 * @param reason {@link MatchReason#MATCHED} or why not
 * @param detail a human sentence naming the compared values
 */
public record MatchResult(MatchReason reason, String detail) {

    public MatchResult {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean matched() {
        return reason == MatchReason.MATCHED;
    }
}

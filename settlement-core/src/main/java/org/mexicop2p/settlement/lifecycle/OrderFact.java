package org.mexicop2p.settlement.lifecycle;

import java.util.Map;
import java.util.UUID;

/**
 * One fact about one order, as handed to {@link OrderFacts#apply}.
 *
 * @param orderId the order's database id
 * @param input   what happened
 * @param source  where the fact comes from, for the audit trail: {@code chain:<block hash>/<tx hash>/<event index>},
 *                {@code cep:<replay key>}, {@code timer:<kind>}, {@code admin:<who>}
 * @param details the fact's own data, recorded in the timeline (for example {@code cepReplayKey}, {@code buyer},
 *                {@code lockExpiryEpochSeconds}, an admin's {@code reason}); never secrets
 */
public record OrderFact(UUID orderId, OrderInput input, String source, Map<String, String> details) {

    public OrderFact {
        details = Map.copyOf(details);
    }
}

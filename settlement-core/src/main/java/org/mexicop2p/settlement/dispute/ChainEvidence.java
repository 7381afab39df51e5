package org.mexicop2p.settlement.dispute;

import java.util.List;
import java.util.Map;

/**
 * The chain events recorded for one escrow order, as evidence for a dispute. Implemented by the chain adapter, which
 * owns the journal; each event is a flat map (type, block, transaction, party, amount, retracted...).
 */
public interface ChainEvidence {

    /** Most events returned for one order. */
    int MAX_EVENTS = 200;

    List<Map<String, Object>> eventsOf(String escrowOrderId);
}

package org.mexicop2p.cep.portal;

import java.util.Objects;

/**
 * The answer to one {@link BanxicoPortalClient#fetch}: an outcome, the query it answers, and for {@link
 * PortalOutcome#FOUND} the receipt's bytes (verify them with {@code VerifyOptions.fetchedFromPortal(query)}).
 * Immutable: the bytes are copied in and out.
 */
public final class PortalResult {

    private final PortalOutcome outcome;
    private final PortalQuery query;
    private final byte[] receiptXml;
    private final String detail;

    private PortalResult(PortalOutcome outcome, PortalQuery query, byte[] receiptXml, String detail) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.query = Objects.requireNonNull(query, "query");
        this.receiptXml = receiptXml;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    static PortalResult found(PortalQuery query, byte[] xml) {
        return new PortalResult(PortalOutcome.FOUND, query, xml.clone(), "CEP downloaded");
    }

    static PortalResult of(PortalOutcome outcome, PortalQuery query, String detail) {
        if (outcome == PortalOutcome.FOUND) {
            throw new IllegalArgumentException("a FOUND result needs the receipt");
        }
        return new PortalResult(outcome, query, null, detail);
    }

    public PortalOutcome outcome() {
        return outcome;
    }

    public PortalQuery query() {
        return query;
    }

    /** The downloaded XML; only for {@link PortalOutcome#FOUND}. */
    public byte[] receiptXml() {
        if (receiptXml == null) {
            throw new IllegalStateException("no receipt: the outcome is " + outcome);
        }
        return receiptXml.clone();
    }

    /** A sentence for logs: what the portal said. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return "PortalResult[" + outcome + ", " + query.trackingKey() + ", " + detail + "]";
    }
}

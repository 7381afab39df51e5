package org.mexicop2p.cep.portal;

import java.util.Objects;

/**
 * The answer to one {@link BanxicoPortalClient#fetch}: an outcome, the query it answers, and for {@link
 * PortalOutcome#FOUND} the receipt's bytes (verify them with {@code VerifyOptions.fetchedFromPortal(result)}) and
 * whether they came over HTTPS. Only the client creates results, so only it can vouch for a receipt's origin.
 * Immutable: the bytes are copied in and out.
 */
public final class PortalResult {

    private final PortalOutcome outcome;
    private final PortalQuery query;
    private final byte[] receiptXml;
    private final String detail;
    private final boolean overHttps;

    private PortalResult(PortalOutcome outcome, PortalQuery query, byte[] receiptXml, String detail,
                         boolean overHttps) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.query = Objects.requireNonNull(query, "query");
        this.receiptXml = receiptXml;
        this.detail = Objects.requireNonNull(detail, "detail");
        this.overHttps = overHttps;
    }

    /** @param overHttps the client's configured portal URL is {@code https} (it follows no redirect) */
    static PortalResult found(PortalQuery query, byte[] xml, boolean overHttps) {
        return new PortalResult(PortalOutcome.FOUND, query, xml.clone(), "CEP downloaded", overHttps);
    }

    static PortalResult of(PortalOutcome outcome, PortalQuery query, String detail) {
        if (outcome == PortalOutcome.FOUND) {
            throw new IllegalArgumentException("a FOUND result needs the receipt");
        }
        return new PortalResult(outcome, query, null, detail, false);
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

    /**
     * Whether the receipt came over a TLS connection to the configured host, which then vouches for it (cep.md §8
     * step 3a). False over plain http (the loopback sandbox portal) and for every outcome but FOUND.
     */
    public boolean fetchedOverHttps() {
        return overHttps;
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

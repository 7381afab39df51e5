package org.mexicop2p.settlement.payment;

/** Where a receipt came from; only a receipt we downloaded ourselves has a trusted tracking key (cep.md §8). */
public enum ReceiptSource {
    /** The buyer sent the CEP XML. */
    UPLOAD,
    /** We downloaded it from Banxico's portal with our own query built from the order. */
    BANXICO_FETCH
}

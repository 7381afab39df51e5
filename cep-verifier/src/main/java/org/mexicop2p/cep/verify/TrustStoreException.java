package org.mexicop2p.cep.verify;

/** A trust store folder or index could not be read; the message names the file and line. */
public final class TrustStoreException extends RuntimeException {

    public TrustStoreException(String message) {
        super(message);
    }

    public TrustStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

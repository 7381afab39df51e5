package org.mexicop2p.settlement.rate;

/** Port to where the USD/MXN rate comes from (Banxico SIE in production, a fixed rate in the sandbox). */
public interface ExchangeRateSource {

    /** The source is down or answered something unusable. */
    final class SourceUnavailableException extends Exception {
        public SourceUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    ExchangeRate fetch() throws SourceUnavailableException;
}

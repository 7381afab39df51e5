package org.mexicop2p.cep.verify;

import java.util.Objects;

/**
 * The result of verifying one receipt. {@link #facts()} and {@link #replayKey()} are present whenever the cadena
 * could be decoded, even for a non-VALID verdict (auditors want to see what a refused receipt claims); rely on them
 * only when {@link #verdict()} is {@link Verdict#VALID}.
 *
 * @param reason             the single reason code; its verdict is {@link #verdict()}
 * @param detail             a human sentence for logs and auditors (never contains key material)
 * @param facts              the signed payment facts, or null if the cadena could not be decoded
 * @param replayKey          hex SHA-256 of the signed cadena, or null if it could not be decoded
 * @param trackingKey        the tracking key: the one from our own portal query when the receipt was fetched from
 *                           Banxico (then trusted), otherwise the file's unsigned {@code claveRastreo}
 * @param trackingKeyTrusted whether {@link #trackingKey()} came from our own query rather than the file
 * @param signatureChecked   whether the sello was verified against a trusted key (false for a receipt accepted
 *                           only because we fetched it from Banxico ourselves)
 */
public record CepVerification(Reason reason, String detail, SignedPaymentFacts facts, String replayKey,
                              String trackingKey, boolean trackingKeyTrusted, boolean signatureChecked) {

    public CepVerification {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    public Verdict verdict() {
        return reason.verdict();
    }

    public boolean isValid() {
        return reason == Reason.OK;
    }

    static CepVerification rejected(Reason reason, String detail) {
        return new CepVerification(reason, detail, null, null, null, false, false);
    }
}

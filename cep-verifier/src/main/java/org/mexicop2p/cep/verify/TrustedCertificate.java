package org.mexicop2p.cep.verify;

import java.security.PublicKey;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One trust-store entry: the public key behind a certificate number, whose receipts it may sign, and when.
 *
 * @param certificateNumber   the digits CEPs carry in {@code numeroCertificado}
 * @param participantCode     the receiving participant's SPEI code, or {@code *} (sandbox only: it signs for all)
 * @param validFrom           first credit date it may sign (inclusive)
 * @param validUntil          last credit date it may sign (inclusive)
 * @param kind                production, beta or sandbox
 * @param publicKey           an RSA key of at least 2048 bits
 */
public record TrustedCertificate(String certificateNumber, String participantCode, LocalDate validFrom,
                                 LocalDate validUntil, CertificateKind kind, PublicKey publicKey) {

    /** Participant code that means "any participant"; only a sandbox entry may use it. */
    public static final String ANY_PARTICIPANT = "*";

    public TrustedCertificate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        if (certificateNumber == null || !certificateNumber.matches("\\d{1,40}")) {
            throw new IllegalArgumentException("certificate number must be 1..40 digits");
        }
        if (participantCode == null || !(participantCode.matches("\\d{4,5}")
                || (kind == CertificateKind.SANDBOX && ANY_PARTICIPANT.equals(participantCode)))) {
            throw new IllegalArgumentException("participant code must be a 4–5 digit SPEI code ('*' only for sandbox)");
        }
        if (validUntil.isBefore(validFrom)) {
            throw new IllegalArgumentException("validity ends before it starts");
        }
        if (!"RSA".equals(publicKey.getAlgorithm())) {
            throw new IllegalArgumentException("CEP sellos are RSA; got a " + publicKey.getAlgorithm() + " key");
        }
        if (publicKey instanceof java.security.interfaces.RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
            throw new IllegalArgumentException("RSA keys under 2048 bits are refused");
        }
    }

    /** Whether this certificate may sign receipts whose receiving participant is {@code code}. */
    public boolean signsFor(String code) {
        return ANY_PARTICIPANT.equals(participantCode) || participantCode.equals(code);
    }

    /** Whether {@code creditDate} lies in the validity window. */
    public boolean validOn(LocalDate creditDate) {
        return !creditDate.isBefore(validFrom) && !creditDate.isAfter(validUntil);
    }
}

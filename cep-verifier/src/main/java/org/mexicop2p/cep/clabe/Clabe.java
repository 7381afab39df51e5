package org.mexicop2p.cep.clabe;

import java.util.Objects;

/**
 * A validated CLABE, Mexico's 18-digit interbank account number: 3-digit participant prefix, 3-digit plaza, 11-digit
 * account, 1 check digit. Only {@link #parse} makes one, so holding a {@code Clabe} means it passed every check.
 */
public final class Clabe {

    /** Why a string is not a usable CLABE. */
    public enum Rejection {
        /** Not exactly 18 ASCII digits. */
        NOT_18_DIGITS,
        /** The 18th digit does not match the weighted sum of the first 17. */
        BAD_CHECK_DIGIT,
        /** The 3-digit prefix belongs to no known SPEI participant. */
        UNKNOWN_PARTICIPANT
    }

    /** Thrown by {@link #parse} with the precise reason. */
    public static final class InvalidClabeException extends IllegalArgumentException {
        private final Rejection rejection;

        InvalidClabeException(Rejection rejection, String message) {
            super(message);
            this.rejection = rejection;
        }

        public Rejection rejection() {
            return rejection;
        }
    }

    private static final int LENGTH = 18;
    private static final int[] WEIGHTS = {3, 7, 1};

    private final String digits;
    private final SpeiParticipant participant;

    private Clabe(String digits, SpeiParticipant participant) {
        this.digits = digits;
        this.participant = participant;
    }

    /** Validates against the bundled participant table. */
    public static Clabe parse(String candidate) {
        return parse(candidate, SpeiParticipants.bundled());
    }

    /** Validates length, digits, check digit and participant prefix, in that order. */
    public static Clabe parse(String candidate, SpeiParticipants participants) {
        if (candidate == null || candidate.length() != LENGTH || !isAsciiDigits(candidate)) {
            throw new InvalidClabeException(Rejection.NOT_18_DIGITS, "a CLABE is exactly 18 digits");
        }
        if (checkDigit(candidate) != candidate.charAt(17) - '0') {
            throw new InvalidClabeException(Rejection.BAD_CHECK_DIGIT, "the CLABE's check digit is wrong");
        }
        SpeiParticipant participant = participants.byClabePrefix(candidate.substring(0, 3))
                .orElseThrow(() -> new InvalidClabeException(Rejection.UNKNOWN_PARTICIPANT,
                        "the CLABE's prefix " + candidate.substring(0, 3) + " is not a SPEI participant"));
        return new Clabe(candidate, participant);
    }

    /** The check digit for the first 17 digits: weights 3, 7, 1 repeated; (10 − sum mod 10) mod 10. */
    static int checkDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            sum += ((digits.charAt(i) - '0') * WEIGHTS[i % 3]) % 10;
        }
        return (10 - sum % 10) % 10;
    }

    private static boolean isAsciiDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public String digits() {
        return digits;
    }

    /** The participant that holds this account; its SPEI code is the receiver a CEP names. */
    public SpeiParticipant participant() {
        return participant;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Clabe other && digits.equals(other.digits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(digits);
    }

    @Override
    public String toString() {
        return digits;
    }
}

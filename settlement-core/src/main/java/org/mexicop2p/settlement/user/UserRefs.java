package org.mexicop2p.settlement.user;

import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;

import java.util.regex.Pattern;

/** The shape of a partner's user reference: 1–128 characters of letters, digits and {@code . _ - : @}. */
public final class UserRefs {

    public static final int MAX_LENGTH = 128;
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private UserRefs() {
    }

    /** Returns the reference or rejects it as a VALIDATION_ERROR naming {@code field}. */
    public static String require(String field, String ref) {
        if (ref == null || !FORMAT.matcher(ref).matches()) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, field + ": required, 1 to " + MAX_LENGTH
                    + " characters of letters, digits and . _ - : @");
        }
        return ref;
    }
}

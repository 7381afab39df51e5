package org.mexicop2p.api.error;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * Reads query parameters the same way on every endpoint: a bad value is a {@code 400 VALIDATION_ERROR} naming the
 * parameter, never a 500. Numbers are bounded to six digits so no parameter can overflow or mean "everything".
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** A constant of {@code type} spelled exactly as its name. */
    public static <E extends Enum<E>> E enumValue(String name, Class<E> type, String text) {
        for (E candidate : type.getEnumConstants()) {
            if (candidate.name().equals(text)) {
                return candidate;
            }
        }
        throw new ApiException(ErrorCode.VALIDATION_ERROR, name + ": one of " + List.of(type.getEnumConstants()));
    }

    /** A non-negative integer of at most six digits, or {@code fallback} when the parameter is absent or empty. */
    public static int integer(String name, @Nullable String text, int fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        if (!text.matches("\\d{1,6}")) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, name + ": a positive integer");
        }
        return Integer.parseInt(text);
    }
}

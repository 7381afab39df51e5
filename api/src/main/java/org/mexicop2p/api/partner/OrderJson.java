package org.mexicop2p.api.partner;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link PartnerViews.Order} as the UTF-8 JSON bytes Micronaut Serde writes for it, for the Partner API's
 * hottest read, {@code GET /api/v1/orders/{id}}. There, generic serialization (bean introspection, a Jackson
 * generator and a pooled buffer per response) was 11 % of the lookup's CPU. {@code PartnerViews.Order} stays the one
 * definition of the body: creation and the list still serialize it generically, the OpenAPI document describes it,
 * and {@code OrderJsonTest} checks byte for byte that this writer and Serde agree: fields in component order, numbers
 * as {@link BigDecimal#toString()}, and the daemon's {@code micronaut.serde.serialization.inclusion} (NON_NULL: only
 * null fields are left out). Texts are escaped by Jackson's own encoder unless they are plain printable ASCII, which
 * every text of an order is in practice (ids, enum names, digits, hex, ISO instants, user references).
 */
final class OrderJson {

    /** Room for an order with a few timeline steps (795 bytes with one), so the buffer rarely grows. */
    private static final int INITIAL_CAPACITY_BYTES = 1_024;

    private byte[] bytes = new byte[INITIAL_CAPACITY_BYTES];
    private int length;
    /** Whether the object being written already has a field, i.e. the next one needs a comma. */
    private boolean hasField;

    private OrderJson() {
    }

    static byte[] write(PartnerViews.Order order) {
        OrderJson json = new OrderJson();
        json.beginObject();
        json.field("id", order.id());
        json.field("status", order.status());
        json.field("partnerUserRef", order.partnerUserRef());
        json.field("quoteId", order.quoteId());
        json.field("token", order.token());
        json.field("amount", order.amount());
        json.field("exchangeRate", order.exchangeRate());
        json.field("grossAmountMxn", order.grossAmountMxn());
        json.field("feePercent", order.feePercent());
        json.field("feeAmountMxn", order.feeAmountMxn());
        json.field("feeRecipient", order.feeRecipient());
        json.field("netAmountMxn", order.netAmountMxn());
        json.field("clabe", order.clabe());
        if (order.escrow() != null) {
            json.name("escrow");
            json.escrow(order.escrow());
        }
        if (order.timeline() != null) {
            json.name("timeline");
            json.timeline(order.timeline());
        }
        if (order.allowedActions() != null) {
            json.name("allowedActions");
            json.texts(order.allowedActions());
        }
        json.field("createdAt", order.createdAt());
        json.field("updatedAt", order.updatedAt());
        json.endObject();
        return Arrays.copyOf(json.bytes, json.length);
    }

    private void escrow(PartnerViews.Escrow escrow) {
        beginObject();
        field("contract", escrow.contract());
        field("orderId", escrow.orderId());
        field("token", escrow.token());
        field("amount", escrow.amount());
        endObject();
    }

    private void timeline(List<PartnerViews.TimelineEntry> timeline) {
        append('[');
        for (int i = 0; i < timeline.size(); i++) {
            if (i > 0) {
                append(',');
            }
            PartnerViews.TimelineEntry entry = timeline.get(i);
            beginObject();
            field("event", entry.event());
            field("status", entry.status());
            field("at", entry.at());
            endObject();
        }
        append(']');
    }

    private void texts(List<String> texts) {
        append('[');
        for (int i = 0; i < texts.size(); i++) {
            if (i > 0) {
                append(',');
            }
            text(texts.get(i));
        }
        append(']');
    }

    private void beginObject() {
        append('{');
        hasField = false;
    }

    private void endObject() {
        append('}');
        // The object just closed is itself a field or an element of whatever encloses it.
        hasField = true;
    }

    private void field(String name, String value) {
        if (value != null) {
            name(name);
            text(value);
        }
    }

    private void field(String name, BigDecimal value) {
        if (value != null) {
            name(name);
            ascii(value.toString());
        }
    }

    /** Field names are the record's component names: plain ASCII, never escaped. */
    private void name(String name) {
        if (hasField) {
            append(',');
        }
        hasField = true;
        append('"');
        ascii(name);
        append('"');
        append(':');
    }

    private void text(String value) {
        append('"');
        if (!plainAscii(value)) {
            escaped(value);
        }
        append('"');
    }

    /**
     * Writes {@code value} as is if it is printable ASCII other than the two characters JSON escapes (one byte per
     * char); otherwise writes nothing and says so. One pass, since nearly every text qualifies.
     */
    private boolean plainAscii(String value) {
        int n = value.length();
        ensureRoom(n);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
            bytes[length + i] = (byte) c;
        }
        length += n;
        return true;
    }

    /**
     * Jackson's generator writes each UTF-16 surrogate as a six-character escape (an emoji becomes two of them)
     * and everything else as its encoder does, so surrogates are escaped here and the runs between them handed to the
     * encoder.
     */
    private void escaped(String value) {
        int run = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || Character.isSurrogate(value.charAt(i))) {
                if (i > run) {
                    byte[] encoded = JsonStringEncoder.getInstance().quoteAsUTF8(value.substring(run, i));
                    ensureRoom(encoded.length);
                    System.arraycopy(encoded, 0, bytes, length, encoded.length);
                    length += encoded.length;
                }
                if (i < value.length()) {
                    ascii("\\u");
                    ascii(Integer.toHexString(value.charAt(i)).toUpperCase(Locale.ROOT));
                }
                run = i + 1;
            }
        }
    }

    private void ascii(String value) {
        int n = value.length();
        ensureRoom(n);
        for (int i = 0; i < n; i++) {
            bytes[length + i] = (byte) value.charAt(i);
        }
        length += n;
    }

    private void append(char c) {
        ensureRoom(1);
        bytes[length++] = (byte) c;
    }

    private void ensureRoom(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}

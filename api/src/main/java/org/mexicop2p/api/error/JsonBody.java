package org.mexicop2p.api.error;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request body read as a JSON object, with typed getters that reject bad input as VALIDATION_ERROR naming the
 * field. Bodies are parsed by hand rather than bound to classes so that every wrong type, missing field or unknown
 * field gets a precise message instead of a framework error, and so the raw bytes stay available for idempotency.
 * The tree is built with Jackson's streaming parser rather than Serde's, whose tree holds every fraction or exponent
 * as a double: {@code 1e400} became Infinity and {@code 100.000000000000001} became 100.
 */
public final class JsonBody {

    /** Cap on a request body; the largest legitimate one (an admin partner with 50 CIDRs) is a few kB. */
    public static final int MAX_BYTES = 16 * 1024;
    public static final int MAX_STRING_LENGTH = 4096;
    /** Digits allowed before and after the point of a decimal, so a number like 1e999999999 is never expanded. */
    private static final int MAX_DECIMAL_DIGITS = 30;

    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonNode root;
    private final String prefix;

    private JsonBody(JsonNode root, String prefix) {
        this.root = root;
        this.prefix = prefix;
    }

    /** Parses and checks that the body is one JSON object with only the {@code allowed} fields. */
    public static JsonBody parse(byte[] body, Set<String> allowed) {
        if (body == null || body.length == 0) {
            throw invalid("body: a JSON object is required");
        }
        if (body.length > MAX_BYTES) {
            throw invalid("body: at most " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() == null) {
                throw invalid("body: malformed JSON");
            }
            root = read(parser, "");
            if (parser.nextToken() != null) {
                throw invalid("body: malformed JSON");
            }
        } catch (ApiException refused) {
            throw refused;
        } catch (IOException | RuntimeException e) {
            throw invalid("body: malformed JSON");
        }
        if (!root.isObject()) {
            throw invalid("body: must be a JSON object");
        }
        JsonBody parsed = new JsonBody(root, "");
        parsed.onlyFields(allowed);
        return parsed;
    }

    /** The value at the parser's current token; {@code path} names it in errors. */
    private static JsonNode read(JsonParser parser, String path) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                String prefix = path.isEmpty() ? "" : path + ".";
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    fields.put(field, read(parser, prefix + field));
                }
                yield JsonNode.createObjectNode(fields);
            }
            case START_ARRAY -> {
                List<JsonNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser, path));
                }
                yield JsonNode.createArrayNode(items);
            }
            case VALUE_STRING -> JsonNode.createStringNode(parser.getText());
            case VALUE_NUMBER_INT -> JsonNode.createNumberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> {
                try {
                    yield JsonNode.createNumberNode(new BigDecimal(parser.getText()));
                } catch (NumberFormatException e) {
                    throw invalid((path.isEmpty() ? "body" : path) + ": must be a plain decimal number");
                }
            }
            case VALUE_TRUE -> JsonNode.createBooleanNode(true);
            case VALUE_FALSE -> JsonNode.createBooleanNode(false);
            case VALUE_NULL -> JsonNode.nullNode();
            default -> throw new JsonParseException(parser, "unexpected " + parser.currentToken());
        };
    }

    private void onlyFields(Set<String> allowed) {
        for (var entry : root.entries()) {
            if (!allowed.contains(entry.getKey())) {
                throw invalid(name(entry.getKey()) + ": unknown field");
            }
        }
    }

    private String name(String field) {
        return prefix + field;
    }

    private JsonNode present(String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node;
    }

    public boolean has(String field) {
        return present(field) != null;
    }

    public String requiredString(String field) {
        String value = optionalString(field);
        if (value == null) {
            throw invalid(name(field) + ": required");
        }
        return value;
    }

    public String optionalString(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            throw invalid(name(field) + ": must be a string");
        }
        String value = node.getStringValue();
        if (value.length() > MAX_STRING_LENGTH) {
            throw invalid(name(field) + ": at most " + MAX_STRING_LENGTH + " characters");
        }
        return value;
    }

    /** A decimal given as a JSON number or a numeric string (so no client needs floating point for money). */
    public BigDecimal optionalDecimal(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return null;
        }
        String text;
        if (node.isNumber()) {
            // parse() makes every number a BigInteger or a BigDecimal read from the number's own text.
            Number number = node.getNumberValue();
            BigDecimal exact = number instanceof BigDecimal decimal ? decimal : new BigDecimal(number.toString());
            if (exact.scale() > MAX_DECIMAL_DIGITS || exact.precision() - exact.scale() > MAX_DECIMAL_DIGITS) {
                throw invalid(name(field) + ": must be a plain decimal number");
            }
            text = exact.toPlainString();
        } else if (node.isString() && node.getStringValue().length() <= 40) {
            text = node.getStringValue();
        } else {
            throw invalid(name(field) + ": must be a number");
        }
        if (!text.matches("-?\\d{1,30}(\\.\\d{1,30})?")) {
            throw invalid(name(field) + ": must be a plain decimal number");
        }
        return new BigDecimal(text);
    }

    public BigDecimal requiredDecimal(String field) {
        BigDecimal value = optionalDecimal(field);
        if (value == null) {
            throw invalid(name(field) + ": required");
        }
        return value;
    }

    public <E extends Enum<E>> E optionalEnum(String field, Class<E> type) {
        String value = optionalString(field);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw invalid(name(field) + ": one of " + List.of(type.getEnumConstants()));
    }

    public <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
        E value = optionalEnum(field, type);
        if (value == null) {
            throw invalid(name(field) + ": required, one of " + List.of(type.getEnumConstants()));
        }
        return value;
    }

    public Instant requiredInstant(String field) {
        String value = requiredString(field);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(name(field) + ": an ISO-8601 UTC time such as 2025-06-01T00:00:00Z");
        }
    }

    /** A list of strings of at most {@code maxItems} entries, or null if absent. */
    public List<String> optionalStringList(String field, int maxItems) {
        JsonNode node = present(field);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            throw invalid(name(field) + ": must be an array of strings");
        }
        if (node.size() > maxItems) {
            throw invalid(name(field) + ": at most " + maxItems + " entries");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode item : node.values()) {
            if (!item.isString() || item.getStringValue().length() > 64) {
                throw invalid(name(field) + ": every entry must be a string of at most 64 characters");
            }
            values.add(item.getStringValue());
        }
        return values;
    }

    /** A nested object with only the {@code allowed} fields, or null if absent. */
    public JsonBody optionalObject(String field, Set<String> allowed) {
        JsonNode node = present(field);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw invalid(name(field) + ": must be an object");
        }
        JsonBody nested = new JsonBody(node, name(field) + ".");
        nested.onlyFields(allowed);
        return nested;
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, message);
    }
}

package org.mexicop2p.sandbox.starknet.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.mexicop2p.sandbox.starknet.Felts;

/**
 * A request's {@code params}, by name (what starknet-jvm sends) or by position (mapped onto the method's parameter
 * names). Every accessor either returns a valid value or throws {@link RpcError} INVALID_PARAMS naming the field.
 */
final class Params {

    private final JsonNode byName;
    private final JsonNode byPosition;
    private final List<String> names;

    private Params(JsonNode byName, JsonNode byPosition, List<String> names) {
        this.byName = byName;
        this.byPosition = byPosition;
        this.names = names;
    }

    /** @param names the method's parameter names, in spec order, for positional params */
    static Params of(JsonNode params, List<String> names) {
        if (params == null || params.isNull() || params.isMissingNode()) {
            return new Params(JsonNodeFactory.instance.objectNode(), null, names);
        }
        if (params.isObject()) {
            return new Params(params, null, names);
        }
        if (params.isArray()) {
            if (params.size() > names.size()) {
                throw invalid("too many positional params");
            }
            return new Params(null, params, names);
        }
        throw invalid("params must be an object or an array");
    }

    /** A nested object read with the same accessors (e.g. the {@code filter} of getEvents). */
    static Params nested(JsonNode object, String what) {
        if (object == null || !object.isObject()) {
            throw invalid(what + " must be an object");
        }
        return new Params(object, null, List.of());
    }

    Optional<JsonNode> optional(String name) {
        JsonNode value;
        if (byName != null) {
            value = byName.get(name);
        } else {
            int index = names.indexOf(name);
            value = index >= 0 && index < byPosition.size() ? byPosition.get(index) : null;
        }
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    JsonNode required(String name) {
        return optional(name).orElseThrow(() -> invalid("missing " + name));
    }

    BigInteger felt(String name) {
        return feltOf(required(name), name);
    }

    Optional<BigInteger> optionalFelt(String name) {
        return optional(name).map(node -> feltOf(node, name));
    }

    String text(String name, int maxChars) {
        JsonNode node = required(name);
        if (!node.isTextual() || node.textValue().length() > maxChars) {
            throw invalid(name + " must be a string of at most " + maxChars + " characters");
        }
        return node.textValue();
    }

    long integer(String name, long min, long max) {
        return integerOf(required(name), name, min, max);
    }

    long optionalInteger(String name, long min, long max, long defaultValue) {
        return optional(name).map(node -> integerOf(node, name, min, max)).orElse(defaultValue);
    }

    boolean optionalBoolean(String name, boolean defaultValue) {
        Optional<JsonNode> node = optional(name);
        if (node.isEmpty()) {
            return defaultValue;
        }
        if (!node.get().isBoolean()) {
            throw invalid(name + " must be true or false");
        }
        return node.get().booleanValue();
    }

    List<BigInteger> feltList(String name, int maxSize) {
        return feltListOf(required(name), name, maxSize);
    }

    List<BigInteger> optionalFeltList(String name, int maxSize) {
        return optional(name).map(node -> feltListOf(node, name, maxSize)).orElse(List.of());
    }

    static List<BigInteger> feltListOf(JsonNode node, String name, int maxSize) {
        if (!node.isArray() || node.size() > maxSize) {
            throw invalid(name + " must be an array of at most " + maxSize + " felts");
        }
        List<BigInteger> values = new ArrayList<>(node.size());
        node.forEach(item -> values.add(feltOf(item, name)));
        return values;
    }

    static BigInteger feltOf(JsonNode node, String name) {
        BigInteger value = node.isTextual() ? Felts.parseHexOrNull(node.textValue()) : null;
        if (value == null) {
            throw invalid(name + " must be a hex felt (0x..., below the Stark prime)");
        }
        return value;
    }

    static long integerOf(JsonNode node, String name, long min, long max) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw invalid(name + " must be an integer in " + min + ".." + max);
        }
        return node.longValue();
    }

    static RpcError invalid(String detail) {
        return new RpcError(RpcError.Code.INVALID_PARAMS, TextNode.valueOf(detail));
    }
}

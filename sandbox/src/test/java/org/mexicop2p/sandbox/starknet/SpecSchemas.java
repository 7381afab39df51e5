package org.mexicop2p.sandbox.starknet;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.mexicop2p.testsupport.SharedData;

/**
 * A small JSON Schema validator for the keywords the Starknet 0.10.2 OpenRPC files use ($ref within and across the
 * two files, type, properties, required, additionalProperties, items, allOf, oneOf, enum, pattern, minimum), so the
 * tests can check the node's answers against the published spec without a new dependency.
 */
final class SpecSchemas {

    private static final String READ_API = "starknet_api_openrpc.json";
    private static final String WRITE_API = "starknet_write_api.json";

    private final Map<String, JsonNode> documents = new HashMap<>();
    private final Map<String, Pattern> patterns = new HashMap<>();

    SpecSchemas() {
        Path folder = SharedData.path("data/starknet/rpc-spec-v0.10.2");
        try {
            documents.put(READ_API, RawRpc.MAPPER.readTree(folder.resolve(READ_API).toFile()));
            documents.put(WRITE_API, RawRpc.MAPPER.readTree(folder.resolve(WRITE_API).toFile()));
        } catch (IOException e) {
            throw new AssertionError("cannot read the RPC spec under ../shared", e);
        }
    }

    /** Violations of the method's result schema by {@code result}; empty when it conforms. */
    List<String> checkResult(String method, JsonNode result) {
        Located methodNode = method(method);
        List<String> violations = new ArrayList<>();
        validate(result, methodNode.node().get("result").get("schema"), methodNode.file(), "result", violations,
                Set.of());
        return violations;
    }

    /**
     * Violations of an error answer: its code must be one the method lists, with the spec's message, and its data
     * must match the error's data schema when the spec gives one.
     */
    List<String> checkError(String method, JsonNode error) {
        Located methodNode = method(method);
        List<String> violations = new ArrayList<>();
        for (JsonNode ref : methodNode.node().path("errors")) {
            Located definition = resolve(ref.get("$ref").asText(), methodNode.file());
            if (definition.node().get("code").asInt() == error.get("code").asInt()) {
                if (!definition.node().get("message").asText().equals(error.get("message").asText())) {
                    violations.add("message differs from the spec's: " + error.get("message"));
                }
                JsonNode dataSchema = definition.node().get("data");
                if (dataSchema != null && dataSchema.isObject() && error.has("data")) {
                    validate(error.get("data"), dataSchema, definition.file(), "error.data", violations, Set.of());
                }
                return violations;
            }
        }
        violations.add("error code " + error.get("code") + " is not listed for " + method);
        return violations;
    }

    private record Located(JsonNode node, String file) {
    }

    private Located method(String name) {
        for (String file : List.of(READ_API, WRITE_API)) {
            for (JsonNode method : documents.get(file).get("methods")) {
                if (method.get("name").asText().equals(name)) {
                    return new Located(method, file);
                }
            }
        }
        throw new AssertionError("no method " + name + " in the spec");
    }

    private Located resolve(String ref, String currentFile) {
        int hash = ref.indexOf('#');
        String filePart = ref.substring(0, hash);
        String file = filePart.isEmpty() ? currentFile : Path.of(filePart).getFileName().toString();
        JsonNode target = documents.get(file).at(ref.substring(hash + 1));
        if (target.isMissingNode()) {
            throw new AssertionError("unresolvable $ref " + ref);
        }
        return new Located(target, file);
    }

    /**
     * @param context properties declared next to this schema by an enclosing allOf: a oneOf branch must declare every
     *                property of the value, together with this context (see the oneOf comment)
     */
    private void validate(JsonNode value, JsonNode schema, String file, String path, List<String> violations,
                          Set<String> context) {
        if (schema.has("$ref")) {
            Located target = resolve(schema.get("$ref").asText(), file);
            validate(value, target.node(), target.file(), path, violations, context);
        }
        if (schema.has("type") && !hasType(value, schema.get("type").asText())) {
            violations.add(path + ": expected " + schema.get("type").asText() + ", got " + value);
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode option : schema.get("enum")) {
                listed |= option.equals(value);
            }
            if (!listed) {
                violations.add(path + ": " + value + " not in " + schema.get("enum"));
            }
        }
        if (schema.has("pattern") && value.isTextual()) {
            Pattern pattern = patterns.computeIfAbsent(schema.get("pattern").asText(), Pattern::compile);
            if (!pattern.matcher(value.textValue()).find()) {
                violations.add(path + ": " + value + " does not match " + pattern);
            }
        }
        if (schema.has("minimum") && value.isNumber()
                && value.decimalValue().compareTo(new BigDecimal(schema.get("minimum").asText())) < 0) {
            violations.add(path + ": " + value + " below minimum " + schema.get("minimum"));
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    violations.add(path + ": missing required " + required.asText());
                }
            }
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (properties.has(field.getKey())) {
                    validate(field.getValue(), properties.get(field.getKey()), file, path + "." + field.getKey(),
                            violations, Set.of());
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.get("additionalProperties").booleanValue()) {
                    violations.add(path + ": property " + field.getKey() + " is not allowed");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(value.get(i), schema.get("items"), file, path + "[" + i + "]", violations, Set.of());
            }
        }
        JsonNode allOf = schema.path("allOf");
        for (int i = 0; i < allOf.size(); i++) {
            Set<String> partContext = new HashSet<>(context);
            for (int j = 0; j < allOf.size(); j++) {
                if (j != i) {
                    declaredProperties(allOf.get(j), file, partContext);
                }
            }
            validate(value, allOf.get(i), file, path, violations, partContext);
        }
        if (schema.has("oneOf")) {
            int matching = 0;
            List<String> reasons = new ArrayList<>();
            for (JsonNode option : schema.get("oneOf")) {
                List<String> optionViolations = new ArrayList<>();
                validate(value, option, file, path, optionViolations, context);
                // The spec's objects are open (no additionalProperties: false), so a full block would also satisfy
                // the pre-confirmed branch; a branch only counts if it (with its allOf siblings) declares every
                // property the value has.
                if (value.isObject()) {
                    Set<String> declared = new HashSet<>(context);
                    declaredProperties(option, file, declared);
                    value.fieldNames().forEachRemaining(name -> {
                        if (!declared.contains(name)) {
                            optionViolations.add(path + ": " + name + " is not declared by this branch");
                        }
                    });
                }
                if (optionViolations.isEmpty()) {
                    matching++;
                } else {
                    reasons.addAll(optionViolations);
                }
            }
            if (matching != 1) {
                violations.add(path + ": matches " + matching + " oneOf options " + (matching == 0 ? reasons : ""));
            }
        }
    }

    private void declaredProperties(JsonNode schema, String file, Set<String> names) {
        if (schema.has("$ref")) {
            Located target = resolve(schema.get("$ref").asText(), file);
            declaredProperties(target.node(), target.file(), names);
        }
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        for (String combinator : List.of("allOf", "oneOf")) {
            for (JsonNode part : schema.path(combinator)) {
                declaredProperties(part, file, names);
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new AssertionError("unsupported schema type " + type);
        };
    }
}

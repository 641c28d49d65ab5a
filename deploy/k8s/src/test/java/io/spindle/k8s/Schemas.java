package io.spindle.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.beans.Introspector;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks each rendered object against the schema of its kind: core kinds by parsing them into fabric8's typed
 * model (a wrong type fails the parse; a field the model does not know lands in an {@code additionalProperties}
 * map, which is walked and reported), Strimzi's kinds against their CRDs' {@code openAPIV3Schema} and KEDA's
 * ScaledObject against {@code schemas/keda-scaledobject.schema.json}, both made strict: where an object schema
 * declares its properties, any other field is an error.
 */
final class Schemas {

    static final Set<String> CORE = Set.of("ConfigMap", "Service", "Deployment", "StatefulSet",
            "PodDisruptionBudget", "NetworkPolicy", "Secret");

    private final KubernetesSerialization kubernetes = new KubernetesSerialization();
    private final Map<String, JsonSchema> custom = new HashMap<>();

    Schemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        StrimziCrds.schemas().forEach((kind, schema) -> custom.put(kind, factory.getSchema(strict(schema))));
        try {
            custom.put("ScaledObject", factory.getSchema(Manifests.YAML.readTree(Files.readString(
                    Manifests.K8S.resolve("schemas/keda-scaledobject.schema.json")))));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** What is wrong with {@code object}, one line each; empty when it matches its kind's schema. */
    List<String> violations(JsonNode object) {
        String kind = object.path("kind").asText();
        String id = Manifests.id(object);
        List<String> found = new ArrayList<>();
        if (CORE.contains(kind)) {
            Object typed;
            try {
                typed = kubernetes.unmarshal(object.toString());
            } catch (RuntimeException e) {
                found.add(id + ": does not parse as a " + kind + ": " + rootMessage(e));
                return found;
            }
            unknownFields(typed, "", found);
            return found.stream().map(path -> id + ": unknown field " + path).toList();
        }
        JsonSchema schema = custom.get(kind);
        if (schema == null) {
            return List.of(id + ": no schema for kind " + kind + " (add one to Schemas)");
        }
        for (ValidationMessage message : schema.validate(object)) {
            found.add(id + ": " + message.getMessage());
        }
        return found;
    }

    /** The paths of fields fabric8's model did not know, below {@code path}. */
    private static void unknownFields(Object node, String path, List<String> found) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, found));
        } else if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", found);
            }
        } else if (node instanceof KubernetesResource) {
            for (Method getter : node.getClass().getMethods()) {
                if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                        || getter.getDeclaringClass() == Object.class) {
                    continue;
                }
                Object value = invoke(getter, node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra) {
                        extra.keySet().forEach(key -> found.add(path + "." + key));
                    }
                } else {
                    unknownFields(value, path + "." + Introspector.decapitalize(getter.getName().substring(3)),
                            found);
                }
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    /**
     * A CRD's OpenAPI schema as a strict JSON schema: an object schema with {@code properties} and neither
     * {@code additionalProperties} nor {@code x-kubernetes-preserve-unknown-fields} refuses other fields; the
     * {@code x-kubernetes-*} and {@code nullable} keywords, which a JSON-schema validator does not know, go.
     */
    static JsonNode strict(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return schema;
        }
        boolean preserve = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        object.remove(List.of("nullable"));
        List<String> extensions = new ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("x-kubernetes-")) {
                extensions.add(name);
            }
        });
        object.remove(extensions);
        if (object.get("properties") instanceof ObjectNode properties) {
            properties.forEach(Schemas::strict);
            if (!object.has("additionalProperties") && !preserve) {
                object.put("additionalProperties", false);
            }
        }
        strict(object.get("items"));
        strict(object.get("additionalProperties"));
        strict(object.get("not"));
        for (String combination : List.of("allOf", "anyOf", "oneOf")) {
            if (object.get(combination) instanceof ArrayNode alternatives) {
                alternatives.forEach(Schemas::strict);
            }
        }
        return object;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = String.valueOf(t.getMessage());
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }

    static Path target() {
        return Path.of("target").toAbsolutePath();
    }
}

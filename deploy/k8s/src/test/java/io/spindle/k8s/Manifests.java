package io.spindle.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Rendered manifests: {@code kubectl kustomize} output, one JSON tree per object. */
final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The repository root (the tests run in deploy/k8s). */
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("deploy/k8s");

    private Manifests() {
    }

    /** {@code kubectl kustomize deploy/k8s/overlays/<overlay>}, parsed. */
    static List<JsonNode> render(String overlay) {
        Path dir = K8S.resolve("overlays").resolve(overlay);
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Process p = new ProcessBuilder(kubectl(), "kustomize", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + Files.readString(out));
            }
            String yaml = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return parse(yaml);
        } catch (IOException e) {
            throw new AssertionError("kubectl kustomize " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every object of a multi-document YAML text. */
    static List<JsonNode> parse(String yaml) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = (JsonNode) docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    objects.add(doc);
                }
            }
        }
        return objects;
    }

    /** {@code SPINDLE_KUBECTL}, or kubectl on the PATH (deploy/local/stack prerequisites installs it). */
    static String kubectl() {
        String configured = System.getenv("SPINDLE_KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
                return Path.of(dir, "kubectl").toString();
            }
        }
        throw new AssertionError("kubectl is not installed: run deploy/local/stack prerequisites (as root it installs"
                + " kubectl with kustomize), or set SPINDLE_KUBECTL");
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }
}

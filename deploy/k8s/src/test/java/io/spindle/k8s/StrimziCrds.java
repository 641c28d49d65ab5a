package io.spindle.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Strimzi's CRDs for Kafka, KafkaNodePool and KafkaTopic, written by Strimzi's own crd-generator from its model
 * ({@code io.strimzi:api}, the version in the pom), identical to the upstream release's files. The generator is
 * built for Java 21, so it runs in a JVM of its own: {@code SPINDLE_CRD_JAVA}, or the newest JDK 21+ under
 * {@code /usr/lib/jvm}. Written once into {@code target/strimzi-crds}.
 */
final class StrimziCrds {

    static final Map<String, String> MODELS = Map.of(
            "Kafka", "io.strimzi.api.kafka.model.kafka.Kafka",
            "KafkaNodePool", "io.strimzi.api.kafka.model.nodepool.KafkaNodePool",
            "KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic");

    private StrimziCrds() {
    }

    /** Kind → the {@code openAPIV3Schema} of its served {@code v1} version. */
    static synchronized Map<String, JsonNode> schemas() {
        Path dir = Schemas.target().resolve("strimzi-crds");
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        try {
            if (!MODELS.keySet().stream().allMatch(kind -> Files.exists(file(dir, kind)))) {
                generate(dir);
            }
            for (String kind : MODELS.keySet()) {
                JsonNode crd = Manifests.YAML.readTree(Files.readString(file(dir, kind)));
                for (JsonNode version : crd.path("spec").path("versions")) {
                    if (version.path("name").asText().equals("v1")) {
                        schemas.put(kind, version.path("schema").path("openAPIV3Schema"));
                    }
                }
                if (!schemas.containsKey(kind)) {
                    throw new AssertionError("the " + kind + " CRD has no v1 version");
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return schemas;
    }

    private static Path file(Path dir, String kind) {
        return dir.resolve(kind.toLowerCase() + ".yaml");
    }

    private static void generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(java21(), "-cp", System.getProperty("java.class.path"),
                "io.strimzi.crdgenerator.CrdGenerator", "--yaml"));
        MODELS.forEach((kind, model) -> command.add(model + "=" + file(dir, kind)));
        Path log = dir.resolve("generator.log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError("Strimzi's crd-generator failed:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A java of version 21 or later. */
    static String java21() {
        String configured = System.getenv("SPINDLE_CRD_JAVA");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (Runtime.version().feature() >= 21) {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")) && feature(jdk) >= 21)
                    .max((a, b) -> Integer.compare(feature(a), feature(b)))
                    .map(jdk -> jdk.resolve("bin/java").toString())
                    .orElseThrow(() -> new AssertionError("Strimzi's crd-generator needs Java 21 or later and none"
                            + " is under /usr/lib/jvm: install one (Temurin 21+), or set SPINDLE_CRD_JAVA"));
        } catch (IOException e) {
            throw new AssertionError("no /usr/lib/jvm to look for Java 21+ in: set SPINDLE_CRD_JAVA", e);
        }
    }

    /** The major version in a JDK's {@code release} file, or 0. */
    private static int feature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}

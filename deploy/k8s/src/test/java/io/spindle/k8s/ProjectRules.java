package io.spindle.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.spindle.contract.pipeline.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Spindle's own rules for its manifests, on top of the schemas: every topic has a KafkaTopic; every worker has a
 * ScaledObject on its own consumer group and topic (read from the worker's application.properties) capped at
 * the topic's partitions, scaling in no faster than a drain; no Secret carries data; probes, grace periods,
 * non-root read-only containers, resources, disruption budgets; images with a tag that is not {@code latest}.
 */
final class ProjectRules {

    static final List<String> WORKERS = List.of("ingest-worker", "transcode-worker", "upload-worker");
    static final Map<String, String> PROBES = Map.of("startupProbe", "/q/health/started", "livenessProbe",
            "/q/health/live", "readinessProbe", "/q/health/ready");
    /** spindle.worker.drain-timeout's default, and the hand-back after it (TaskLifecycle). */
    static final Duration DRAIN = Duration.ofSeconds(25);
    static final Duration HAND_BACK = Duration.ofSeconds(3);

    private ProjectRules() {
    }

    static List<String> violations(List<JsonNode> objects) {
        List<String> found = new ArrayList<>();
        topics(objects, found);
        for (String worker : WORKERS) {
            scaling(objects, worker, found);
        }
        for (JsonNode object : objects) {
            String kind = object.path("kind").asText();
            if (kind.equals("Secret") && (object.has("data") || object.has("stringData"))) {
                found.add(Manifests.id(object) + ": a Secret with data in a manifest; create it with kubectl create"
                        + " secret (deploy/k8s/README.md)");
            }
            if (kind.equals("Deployment")) {
                deployment(object, objects, found);
            }
            images(object, found);
        }
        return found;
    }

    private static void topics(List<JsonNode> objects, List<String> found) {
        for (String topic : Topics.allWithDeadLetters()) {
            Optional<JsonNode> declared = kafkaTopic(objects, topic);
            if (declared.isEmpty()) {
                found.add("topic " + topic + " has no KafkaTopic");
            } else if (declared.get().path("spec").path("partitions").asInt() != Topics.PARTITIONS) {
                found.add(Manifests.id(declared.get()) + ": " + Topics.PARTITIONS + " partitions expected (Topics)");
            }
        }
    }

    private static Optional<JsonNode> kafkaTopic(List<JsonNode> objects, String topic) {
        return of(objects, "KafkaTopic").stream().filter(t -> topic.equals(t.path("spec").path("topicName")
                .asText(t.path("metadata").path("name").asText()))).findFirst();
    }

    private static void scaling(List<JsonNode> objects, String worker, List<String> found) {
        Properties config = applicationProperties(worker);
        String channel = config.stringPropertyNames().stream()
                .filter(k -> k.startsWith("mp.messaging.incoming.") && k.endsWith(".group.id")).findFirst()
                .map(k -> k.substring("mp.messaging.incoming.".length(), k.length() - ".group.id".length()))
                .orElseThrow(() -> new AssertionError(worker + " has no incoming channel with a group.id"));
        String topic = config.getProperty("mp.messaging.incoming." + channel + ".topic", channel);
        String group = config.getProperty("mp.messaging.incoming." + channel + ".group.id");
        Optional<JsonNode> scaled = of(objects, "ScaledObject").stream()
                .filter(s -> worker.equals(s.path("spec").path("scaleTargetRef").path("name").asText())).findFirst();
        if (scaled.isEmpty()) {
            found.add(worker + " has no ScaledObject");
            return;
        }
        JsonNode spec = scaled.get().path("spec");
        String id = Manifests.id(scaled.get());
        JsonNode trigger = null;
        for (JsonNode t : spec.path("triggers")) {
            if (t.path("type").asText().equals("kafka")) {
                trigger = t.path("metadata");
            }
        }
        if (trigger == null) {
            found.add(id + ": no kafka trigger");
            return;
        }
        if (!topic.equals(trigger.path("topic").asText())) {
            found.add(id + ": topic " + trigger.path("topic").asText() + ", but " + worker + " consumes " + topic);
        }
        if (!group.equals(trigger.path("consumerGroup").asText())) {
            found.add(id + ": consumerGroup " + trigger.path("consumerGroup").asText() + ", but " + worker
                    + "'s group is " + group);
        }
        kafkaTopic(objects, topic).ifPresent(t -> {
            int partitions = t.path("spec").path("partitions").asInt();
            if (spec.path("maxReplicaCount").asInt(100) > partitions) {
                found.add(id + ": maxReplicaCount " + spec.path("maxReplicaCount").asInt(100) + " is more than "
                        + topic + "'s " + partitions + " partitions (the extra replicas would own none)");
            }
        });
        int grace = of(objects, "Deployment").stream().filter(d -> worker.equals(d.path("metadata").path("name")
                .asText())).findFirst().map(d -> d.path("spec").path("template").path("spec")
                        .path("terminationGracePeriodSeconds").asInt(30)).orElse(30);
        JsonNode scaleDown = spec.path("advanced").path("horizontalPodAutoscalerConfig").path("behavior")
                .path("scaleDown");
        if (scaleDown.path("policies").isEmpty()) {
            found.add(id + ": no scale-down policy: the HPA default may remove every pod at once, mid-drain");
        }
        for (JsonNode policy : scaleDown.path("policies")) {
            if (policy.path("periodSeconds").asInt() < grace) {
                found.add(id + ": scale-down period " + policy.path("periodSeconds").asInt() + " s is shorter than"
                        + " the worker's grace period (" + grace + " s): the next scale-in cuts into a drain");
            }
        }
    }

    private static void deployment(JsonNode deployment, List<JsonNode> objects, List<String> found) {
        String id = Manifests.id(deployment);
        String name = deployment.path("metadata").path("name").asText();
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        if (WORKERS.contains(name)) {
            long grace = pod.path("terminationGracePeriodSeconds").asLong(30);
            if (grace <= DRAIN.plus(HAND_BACK).toSeconds()) {
                found.add(id + ": terminationGracePeriodSeconds " + grace + " does not cover the drain ("
                        + DRAIN.toSeconds() + " s) and the hand-back (" + HAND_BACK.toSeconds() + " s)");
            }
        }
        if (WORKERS.contains(name)) {
            for (JsonNode container : pod.path("containers")) {
                for (JsonNode env : container.path("env")) {
                    if (env.path("name").asText().equals("SPINDLE_INTERNAL_TOKEN")) {
                        found.add(id + ": a worker gets the gateway's SPINDLE_INTERNAL_TOKEN; workers get"
                                + " SPINDLE_WORKER_TOKEN, which only reads credentials");
                    }
                }
            }
        }
        if (!pod.path("securityContext").path("runAsNonRoot").asBoolean(false)) {
            found.add(id + ": the pod does not set runAsNonRoot: true");
        }
        for (JsonNode container : pod.path("containers")) {
            String c = id + " container " + container.path("name").asText();
            PROBES.forEach((probe, path) -> {
                if (!path.equals(container.path(probe).path("httpGet").path("path").asText())) {
                    found.add(c + ": " + probe + " must get " + path);
                }
            });
            if (!container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false)) {
                found.add(c + ": the root filesystem is not read-only");
            }
            JsonNode resources = container.path("resources");
            if (resources.path("requests").path("cpu").isMissingNode()
                    || resources.path("requests").path("memory").isMissingNode()
                    || resources.path("limits").path("memory").isMissingNode()) {
                found.add(c + ": needs cpu and memory requests and a memory limit");
            }
        }
        boolean budgeted = of(objects, "PodDisruptionBudget").stream().anyMatch(pdb -> name.equals(pdb.path("spec")
                .path("selector").path("matchLabels").path("app.kubernetes.io/name").asText()));
        if (!budgeted) {
            found.add(id + ": no PodDisruptionBudget");
        }
    }

    private static void images(JsonNode object, List<String> found) {
        JsonNode pod = object.path("spec").path("template").path("spec");
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode container : pod.path(list)) {
                String image = container.path("image").asText();
                String last = image.substring(image.lastIndexOf('/') + 1);
                boolean tagged = last.contains(":") || image.contains("@sha256:");
                if (!tagged || image.endsWith(":latest")) {
                    found.add(Manifests.id(object) + ": image " + image + " needs a version tag (not latest)");
                }
            }
        }
    }

    static List<JsonNode> of(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static Properties applicationProperties(String module) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Manifests.ROOT.resolve(module)
                .resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return properties;
    }
}

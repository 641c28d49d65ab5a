package io.spindle.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spindle.contract.pipeline.Topics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every overlay renders with kubectl kustomize and passes the schemas and Spindle's rules. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestsTest {

    static final List<String> SERVICES = List.of("api-gateway", "connection-service", "ingest-worker",
            "transcode-worker", "upload-worker");

    Schemas schemas;

    @BeforeAll
    void loadSchemas() {
        schemas = new Schemas();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void theOverlayRendersAndPassesValidation(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        assertThat(objects).isNotEmpty();
        assertThat(validate(objects)).as(overlay).isEmpty();
    }

    @Test
    void theProductionOverlayHoldsThePlatform() {
        List<JsonNode> objects = Manifests.render("production");
        assertThat(names(objects, "Deployment")).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(names(objects, "ScaledObject")).containsExactlyInAnyOrderElementsOf(ProjectRules.WORKERS);
        assertThat(names(objects, "KafkaTopic")).containsExactlyInAnyOrderElementsOf(Topics.allWithDeadLetters());
        assertThat(names(objects, "PodDisruptionBudget")).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(names(objects, "Service")).containsExactlyInAnyOrder("api-gateway", "connection-service");
        assertThat(names(objects, "Kafka")).containsExactly("spindle");
        assertThat(names(objects, "KafkaNodePool")).containsExactly("dual-role");
        assertThat(names(objects, "NetworkPolicy")).contains("default-deny-ingress", "api-gateway-from-anywhere",
                "connection-service-from-spindle", "ingest-worker-egress");
        assertThat(names(objects, "Secret")).isEmpty();
        // the metrics policy selects Spindle's pods by this label: every pod carries it
        assertThat(ProjectRules.of(objects, "Deployment")).allSatisfy(d -> assertThat(d.path("spec")
                .path("template").path("metadata").path("labels").path("app.kubernetes.io/part-of").asText())
                .as(Manifests.id(d)).isEqualTo("spindle"));
        assertThat(objects).allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText())
                .isEqualTo("spindle"));

        JsonNode egress = named(objects, "NetworkPolicy", "ingest-worker-egress").path("spec").path("egress");
        List<String> blocked = new ArrayList<>();
        egress.forEach(rule -> rule.path("to").forEach(peer -> peer.path("ipBlock").path("except")
                .forEach(cidr -> blocked.add(cidr.asText()))));
        assertThat(blocked).as("cluster, private and metadata addresses").contains("10.0.0.0/8", "172.16.0.0/12",
                "192.168.0.0/16", "169.254.0.0/16", "fc00::/7", "fe80::/10");
        JsonNode internal = named(objects, "NetworkPolicy", "connection-service-from-spindle").path("spec")
                .path("ingress").get(0).path("from").get(0).path("podSelector").path("matchExpressions").get(0)
                .path("values");
        assertThat(internal).extracting(JsonNode::asText).containsExactlyInAnyOrder("api-gateway", "ingest-worker",
                "transcode-worker", "upload-worker");
    }

    List<String> validate(List<JsonNode> objects) {
        List<String> found = new ArrayList<>();
        objects.forEach(o -> found.addAll(schemas.violations(o)));
        found.addAll(ProjectRules.violations(objects));
        return found;
    }

    static List<String> names(List<JsonNode> objects, String kind) {
        return ProjectRules.of(objects, kind).stream().map(o -> o.path("metadata").path("name").asText()).toList();
    }

    static JsonNode named(List<JsonNode> objects, String kind, String name) {
        return ProjectRules.of(objects, kind).stream().filter(o -> name.equals(o.path("metadata").path("name")
                .asText())).findFirst().orElseThrow();
    }
}

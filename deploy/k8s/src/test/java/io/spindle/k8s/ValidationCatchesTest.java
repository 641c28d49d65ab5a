package io.spindle.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The validation fails on what it is there to catch: each case a small bad fixture (src/test/resources/bad). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidationCatchesTest {

    Schemas schemas;

    @BeforeAll
    void loadSchemas() {
        schemas = new Schemas();
    }

    @Test
    void aTypoInACoreKindIsAnUnknownField() {
        assertThat(schemaViolations("readines-probe-typo.yaml")).singleElement().asString()
                .contains("Deployment/api-gateway: unknown field").contains("containers[0].readinesProbe");
    }

    @Test
    void aWrongTypeInACoreKindDoesNotParse() {
        assertThat(schemaViolations("replicas-not-a-number.yaml")).singleElement().asString()
                .contains("Deployment/api-gateway: does not parse as a Deployment").contains("three");
    }

    @Test
    void aBadEnumInAScaledObjectFails() {
        assertThat(schemaViolations("scaledobject-bad-policy-type.yaml")).singleElement().asString()
                .contains("ScaledObject/transcode-worker").contains("policies[0].type").contains("\"Pods\", \"Percent\"");
    }

    @Test
    void anUnknownFieldInAScaledObjectFails() {
        assertThat(schemaViolations("scaledobject-unknown-field.yaml")).singleElement().asString()
                .contains("ScaledObject/upload-worker").contains("maxReplicas");
    }

    @Test
    void aBadEnumInAKafkaFails() {
        assertThat(schemaViolations("kafka-bad-listener-type.yaml")).anySatisfy(v -> assertThat(v)
                .contains("Kafka/spindle").contains("type").contains("internal"));
    }

    @Test
    void aWrongTypeInAKafkaTopicFails() {
        assertThat(schemaViolations("kafkatopic-partitions-not-a-number.yaml")).singleElement().asString()
                .contains("KafkaTopic/ingest-tasks").contains("partitions").contains("integer");
    }

    @Test
    void anUnknownFieldInAKafkaTopicFails() {
        assertThat(schemaViolations("kafkatopic-unknown-field.yaml")).singleElement().asString()
                .contains("KafkaTopic/ingest-tasks").contains("partition");
    }

    @Test
    void aSecretWithDataFails() {
        List<JsonNode> objects = fixture("secret-with-data.yaml");
        assertThat(schemaViolations("secret-with-data.yaml")).as("a valid Secret, as far as its schema goes").isEmpty();
        assertThat(ProjectRules.violations(objects)).anySatisfy(v -> assertThat(v)
                .startsWith("Secret/spindle-internal: a Secret with data in a manifest"));
    }

    @Test
    void aTopicWithoutAKafkaTopicFails() {
        List<JsonNode> objects = new ArrayList<>(Manifests.render("production"));
        assertThat(ProjectRules.violations(objects)).isEmpty();
        objects.removeIf(o -> Manifests.id(o).equals("KafkaTopic/task-events"));
        assertThat(ProjectRules.violations(objects)).containsExactly("topic task-events has no KafkaTopic");
    }

    private List<String> schemaViolations(String name) {
        List<String> found = new ArrayList<>();
        fixture(name).forEach(o -> found.addAll(schemas.violations(o)));
        return found;
    }

    private static List<JsonNode> fixture(String name) {
        try (InputStream in = ValidationCatchesTest.class.getResourceAsStream("/bad/" + name)) {
            return Manifests.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

package io.spindle.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every request of {@code malformed-requests.jsonl} (bad syntax, bad fields, bad ids, bad keys, bodies over the
 * limit with and without a length, addresses the policy refuses, on every endpoint of the public API) gets a 4xx
 * {@code application/problem+json} answer whose {@code status} is the HTTP status and whose {@code kind} and
 * {@code detail} say what is wrong, within 15 s; none of them changes the project's connections, tasks, runs,
 * keys or webhook endpoints.
 */
@ExtendWith(LocalStack.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);

    LocalStack local;
    String connection;
    HttpClient http;

    @BeforeAll
    void setUp(LocalStack local) {
        this.local = local;
        connection = local.connectionToItsS3("malformed-requests");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    record Case(JsonNode spec, int line) {
        String why() {
            return "line " + line + ": " + spec.path("why").asText();
        }
    }

    @Test
    void everyMalformedRequestGetsA4xxProblemAndChangesNothing() throws Exception {
        List<Case> corpus = corpus();
        assertThat(corpus).as("the corpus").hasSizeGreaterThanOrEqualTo(150);
        Map<String, Integer> before = counts();

        SoftAssertions softly = new SoftAssertions();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (Case c : corpus) {
            HttpResponse<String> answer;
            try {
                answer = http.send(request(c.spec()), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                softly.fail(c.why() + ": no answer within " + ANSWER_WITHIN.toSeconds() + " s");
                continue;
            } catch (IOException e) {
                softly.fail(c.why() + ": the connection failed (" + e + ")");
                continue;
            }
            int status = answer.statusCode();
            statuses.merge(status, 1, Integer::sum);
            String said = c.why() + " answered " + status + " " + answer.body();
            softly.assertThat(status).as(said).isBetween(400, 499);
            softly.assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(said)
                    .startsWith("application/problem+json");
            JsonNode problem;
            try {
                problem = JSON.readTree(answer.body());
            } catch (IOException e) {
                softly.fail(said + ": the body is not JSON");
                continue;
            }
            softly.assertThat(problem.path("status").asInt()).as(said).isEqualTo(status);
            softly.assertThat(problem.path("kind").asText()).as(said).isNotBlank();
            softly.assertThat(problem.path("detail").asText()).as(said).isNotBlank();
        }
        softly.assertThat(counts()).as("the project's objects after the corpus").isEqualTo(before);
        System.out.println("malformed requests: " + corpus.size() + ", answered " + statuses);
        softly.assertAll();
    }

    private HttpRequest request(JsonNode spec) {
        String path = spec.path("p").asText().replace("${connection}", connection);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(local.facts.get("SPINDLE_API_URL") + path))
                .timeout(ANSWER_WITHIN);
        String auth = switch (spec.path("auth").asText("key")) {
            case "none" -> null;
            case "wrong" -> "Bearer spindle_not-a-key-of-anyone";
            case "malformed" -> "Bearer";
            case "basic" -> "Basic dXNlcjpwYXNzd29yZA==";
            case "empty" -> "";
            default -> "Bearer " + local.facts.get("SPINDLE_API_KEY");
        };
        if (auth != null) {
            request.header("Authorization", auth);
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        boolean hasBody = false;
        if (spec.has("big")) {
            byte[] big = ("{\"name\": \"" + "x".repeat(spec.get("big").asInt()) + "\"}").getBytes(StandardCharsets.UTF_8);
            body = spec.path("chunked").asBoolean()
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)) // no length
                    : HttpRequest.BodyPublishers.ofByteArray(big);
            hasBody = true;
        } else if (spec.has("b")) {
            body = HttpRequest.BodyPublishers.ofString(spec.get("b").asText());
            hasBody = true;
        }
        if (hasBody) {
            request.header("Content-Type", "application/json");
        }
        spec.path("h").fields().forEachRemaining(h -> request.setHeader(h.getKey(), h.getValue().asText()));
        return request.method(spec.path("m").asText(), body).build();
    }

    private static List<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = MalformedRequestsIT.class.getResourceAsStream("/malformed-requests.jsonl")) {
            assertThat(in).as("malformed-requests.jsonl on the test class path").isNotNull();
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.isBlank() && !line.startsWith("#")) {
                    cases.add(new Case(JSON.readTree(line), i + 1));
                }
            }
        }
        return cases;
    }

    /** How many connections, tasks, runs, API keys and webhook endpoints the project has (the first page is enough to see a change). */
    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String list : List.of("/connections", "/tasks", "/runs", "/api-keys", "/webhooks/endpoints")) {
            counts.put(list, local.api().queryParam("limit", 100).get(list).then().statusCode(200).extract()
                    .path("data.size()"));
        }
        return counts;
    }
}

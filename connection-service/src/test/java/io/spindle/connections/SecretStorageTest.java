package io.spindle.connections;

import static io.spindle.connections.Api.as;
import static io.spindle.connections.Api.connectionBody;
import static io.spindle.connections.Api.create;
import static io.spindle.connections.Api.newProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.spindle.servicekit.crypto.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The secret is write-only: sealed in the database, absent from every response and every log line. */
@QuarkusTest
@RealInfrastructure
class SecretStorageTest {

    private final List<String> logLines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith("org.apache.http")) {
                return; // the test's own HTTP client, which logs what it sends
            }
            StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    line.append(' ').append(p);
                }
            }
            if (record.getThrown() != null) {
                line.append(' ').append(record.getThrown());
            }
            synchronized (logLines) {
                logLines.add(line.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level rootLevel;

    @BeforeEach
    void captureLogs() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(rootLevel);
    }

    @Test
    void theSecretIsSealedAtRestAndNeverEchoedOrLogged() throws Exception {
        String project = newProject();
        Map<String, Object> body = connectionBody("sealed");
        String secret = "wJalrXUtnFEMI-K7MDENG-bPxRfiCY-" + System.nanoTime();
        body.put("secret_access_key", secret);
        List<String> responses = new ArrayList<>();

        Response created = as(project).body(body).post("/connections");
        created.then().statusCode(201);
        String id = created.path("id");
        responses.add(created.asString() + created.headers());
        responses.add(as(project).get("/connections/" + id).asString());
        responses.add(as(project).get("/connections").asString());
        responses.add(as(project).body(Map.of("name", "renamed")).patch("/connections/" + id).asString());
        Map<String, Object> invalid = new java.util.HashMap<>(body);
        invalid.put("kind", "nope");
        responses.add(as(project).body(invalid).post("/connections").asString());
        responses.add(as(project).body(Map.of("secret_access_key", secret, "bogus", 1))
                .patch("/connections/" + id).asString());
        responses.add(as(project).body(Map.of()).post("/connections/" + id + "/test").asString());

        // the workers' endpoint is the one place the secret comes back
        as(project).get("/internal/connections/" + id + "/credentials").then().statusCode(200)
                .body("connection_id", equalTo(id))
                .body("secret_access_key", equalTo(secret))
                .body("access_key_id", equalTo("AKIAEXAMPLE"));

        assertThat(responses).allSatisfy(r -> assertThat(r).doesNotContain(secret));

        // at rest: no column holds the secret in any common encoding
        byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
        try (Connection db = jdbc();
                PreparedStatement st = db.prepareStatement(
                        "select secret_ciphertext, secret_key_id, row_to_json(c)::text from connections c where id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                byte[] stored = rs.getBytes(1);
                assertThat(rs.getString(2)).isEqualTo("test-1");
                assertThat(stored.length).isEqualTo(12 + secretBytes.length + 16);
                String row = rs.getString(3);
                assertThat(row).doesNotContain(secret)
                        .doesNotContain(Base64.getEncoder().encodeToString(secretBytes))
                        .doesNotContain(HexFormat.of().formatHex(secretBytes));
                assertThat(indexOf(stored, secretBytes)).isEqualTo(-1);
            }
        }

        assertThat(logLines).isNotEmpty();
        synchronized (logLines) {
            assertThat(logLines).allSatisfy(line -> assertThat(line).doesNotContain(secret));
        }
    }

    @Test
    void aTamperedOrMovedCiphertextDoesNotOpen() throws Exception {
        String project = newProject();
        String a = create(project, connectionBody("a"));
        String b = create(project, connectionBody("b"));
        as(project).get("/internal/connections/" + a + "/credentials").then().statusCode(200);

        try (Connection db = jdbc()) {
            // flip one bit of a's ciphertext
            try (PreparedStatement st = db.prepareStatement(
                    "update connections set secret_ciphertext = overlay(secret_ciphertext placing"
                            + " decode(lpad(to_hex(get_byte(secret_ciphertext, 20) # 1), 2, '0'), 'hex') from 21 for 1)"
                            + " where id = ?")) {
                st.setString(1, a);
                assertThat(st.executeUpdate()).isEqualTo(1);
            }
            // give b a's valid-looking ciphertext from another row: the associated data (the id) no longer matches
            try (PreparedStatement st = db.prepareStatement("update connections set secret_ciphertext ="
                    + " (select secret_ciphertext from connections where id = ?) where id = ?")) {
                st.setString(1, a);
                st.setString(2, b);
                st.executeUpdate();
            }
        }
        as(project).get("/internal/connections/" + a + "/credentials").then().statusCode(500)
                .contentType("application/problem+json").body("kind", equalTo("secret_unavailable"));
        as(project).get("/internal/connections/" + b + "/credentials").then().statusCode(500)
                .body("kind", equalTo("secret_unavailable"));
        as(project).body(Map.of()).post("/connections/" + a + "/test").then().statusCode(500)
                .body("kind", equalTo("secret_unavailable"));

        // re-entering the secret repairs the connection
        as(project).body(Map.of("secret_access_key", "fresh-secret")).patch("/connections/" + a).then().statusCode(200);
        as(project).get("/internal/connections/" + a + "/credentials").then().statusCode(200)
                .body("secret_access_key", equalTo("fresh-secret"));
        synchronized (logLines) {
            assertThat(logLines).anySatisfy(line -> assertThat(line).contains("connection secret unavailable"));
        }
    }

    @Test
    void rotationKeepsOldRowsReadableAndResealsOnWrite() throws Exception {
        String project = newProject();
        List<String> keys = ConfigProvider.getConfig().getValues("spindle.encryption.keys", String.class);
        assertThat(keys).hasSize(2);
        SecretCipher beforeRotation = new SecretCipher(List.of(keys.get(0)), null); // only old-1 existed
        SecretCipher retired = new SecretCipher(List.of("retired-0:" + Base64.getEncoder().encodeToString(
                new byte[32])), null);
        byte[] otherMaterial = new byte[32];
        new java.security.SecureRandom().nextBytes(otherMaterial);
        SecretCipher impostor = new SecretCipher(List.of("test-1:" + Base64.getEncoder().encodeToString(otherMaterial)),
                null);

        String old = insertSealed(project, beforeRotation, "sealed-before-rotation");
        String gone = insertSealed(project, retired, "sealed-under-a-retired-key");
        String wrong = insertSealed(project, impostor, "sealed-under-another-key-with-the-active-id");

        // a row sealed before the rotation still opens
        as(project).get("/internal/connections/" + old + "/credentials").then().statusCode(200)
                .body("secret_access_key", equalTo("sealed-before-rotation"));
        assertThat(storedKeyId(old)).isEqualTo("old-1");
        // writing the secret seals it under the active key
        as(project).body(Map.of("secret_access_key", "resealed")).patch("/connections/" + old).then().statusCode(200);
        assertThat(storedKeyId(old)).isEqualTo("test-1");
        as(project).get("/internal/connections/" + old + "/credentials").then().statusCode(200)
                .body("secret_access_key", equalTo("resealed"));
        // new rows use the active key
        assertThat(storedKeyId(create(project, connectionBody("new")))).isEqualTo("test-1");

        // a key that is no longer configured, or a different key under the same id, does not open
        as(project).get("/internal/connections/" + gone + "/credentials").then().statusCode(500)
                .body("kind", equalTo("secret_unavailable"))
                .body("detail", org.hamcrest.Matchers.containsString("'retired-0'"));
        as(project).get("/internal/connections/" + wrong + "/credentials").then().statusCode(500)
                .body("kind", equalTo("secret_unavailable"))
                .body("detail", org.hamcrest.Matchers.containsString("failed authentication"));
    }

    /** Inserts a connection row the way an earlier deployment (with other keys) would have written it. */
    private static String insertSealed(String project, SecretCipher cipher, String secret) throws Exception {
        String id = io.spindle.contract.Ids.newId(io.spindle.contract.IdKind.CONNECTION);
        SecretCipher.Sealed sealed = cipher.seal(secret, id);
        try (Connection db = jdbc(); PreparedStatement st = db.prepareStatement("insert into connections (id, project_id,"
                + " name, kind, endpoint, region, addressing_style, access_key_id, secret_ciphertext, secret_key_id,"
                + " is_default, created_at, updated_at) values (?, ?, 'legacy', 's3', 'https://s3.amazonaws.com',"
                + " 'us-east-1', 'auto', 'AKIALEGACY', ?, ?, false, now(), now())")) {
            st.setString(1, id);
            st.setString(2, project);
            st.setBytes(3, sealed.payload());
            st.setString(4, sealed.keyId());
            st.executeUpdate();
        }
        return id;
    }

    private static String storedKeyId(String id) throws Exception {
        try (Connection db = jdbc(); PreparedStatement st = db.prepareStatement(
                "select secret_key_id from connections where id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static Connection jdbc() throws Exception {
        return DriverManager.getConnection(
                ConfigProvider.getConfig().getValue("spindle.test.postgres.jdbc-url", String.class),
                ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class),
                ConfigProvider.getConfig().getValue("quarkus.datasource.password", String.class));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

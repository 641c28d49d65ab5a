package io.spindle.local.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/** The environment each service starts with on the local stack (on top of the caller's own). */
final class ServiceEnv {

    private ServiceEnv() {
    }

    static Map<String, String> of(Component service, String instance, int port, StackSettings settings) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPINDLE_DB_HOST", "127.0.0.1");
        env.put("SPINDLE_DB_PORT", Integer.toString(settings.port(Component.POSTGRES)));
        env.put("SPINDLE_DB_USER", "postgres");
        env.put("SPINDLE_DB_PASSWORD", "postgres");
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + settings.port(Component.KAFKA));
        env.put(service.portVariable(), Integer.toString(port));
        String connections = "http://127.0.0.1:" + settings.port(Component.CONNECTION_SERVICE);
        // the address policy: connections may use the embedded S3 and nothing else on this machine
        String s3 = "127.0.0.1:" + settings.port(Component.S3) + ",localhost:" + settings.port(Component.S3)
                + extra("SPINDLE_EXTRA_OUTBOUND_ALLOW");
        switch (service) {
            case CONNECTION_SERVICE -> {
                env.put("SPINDLE_INTERNAL_TOKEN", settings.secret("SPINDLE_INTERNAL_TOKEN"));
                env.put("SPINDLE_WORKER_TOKEN", settings.secret("SPINDLE_WORKER_TOKEN"));
                env.put("SPINDLE_DB_NAME", "spindle_connections");
                env.put("SPINDLE_ENCRYPTION_KEYS", settings.secret("SPINDLE_ENCRYPTION_KEYS"));
                env.put("SPINDLE_OUTBOUND_ALLOW", s3);
            }
            case API_GATEWAY -> {
                env.put("SPINDLE_INTERNAL_TOKEN", settings.secret("SPINDLE_INTERNAL_TOKEN"));
                env.put("SPINDLE_DB_NAME", "spindle_gateway");
                env.put("SPINDLE_CONNECTION_SERVICE_URL", connections);
                env.put("SPINDLE_API_KEYS", settings.secret("SPINDLE_PROJECT_ID") + ":"
                        + settings.secret("SPINDLE_API_KEY") + extra("SPINDLE_EXTRA_API_KEYS"));
                // webhook signing secrets are sealed like connection secrets
                env.put("SPINDLE_ENCRYPTION_KEYS", settings.secret("SPINDLE_ENCRYPTION_KEYS"));
                // webhooks to receivers on this machine: a local stack only, which the gateway says at start-up
                env.put("SPINDLE_OUTBOUND_ALLOW", "127.0.0.1,localhost" + extra("SPINDLE_EXTRA_OUTBOUND_ALLOW"));
            }
            default -> {
                // workers get the token that only reads credentials, never the gateway's
                env.put("SPINDLE_WORKER_TOKEN", settings.secret("SPINDLE_WORKER_TOKEN"));
                env.put("SPINDLE_INSTANCE", instance);
                env.put("SPINDLE_CONNECTION_SERVICE_URL", connections);
                env.put("SPINDLE_WORK_STORAGE_ENDPOINT", "http://127.0.0.1:" + settings.port(Component.S3));
                env.put("SPINDLE_WORK_STORAGE_ACCESS_KEY", settings.secret("SPINDLE_S3_ACCESS_KEY_ID"));
                env.put("SPINDLE_WORK_STORAGE_SECRET_KEY", settings.secret("SPINDLE_S3_SECRET_ACCESS_KEY"));
                env.put("SPINDLE_OUTBOUND_ALLOW", switch (service) {
                    // URL ingest from this machine (the demo's and the tests' media servers): a local stack only,
                    // which the worker says at start-up
                    case INGEST_WORKER -> "127.0.0.1,localhost";
                    case UPLOAD_WORKER -> s3;
                    default -> "";
                });
            }
        }
        return env;
    }

    /** {@code ,<value>} of an optional variable that adds to a list, or nothing. */
    private static String extra(String variable) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? "" : "," + value;
    }
}

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
        switch (service) {
            case CONNECTION_SERVICE -> {
                env.put("SPINDLE_INTERNAL_TOKEN", settings.secret("SPINDLE_INTERNAL_TOKEN"));
                env.put("SPINDLE_WORKER_TOKEN", settings.secret("SPINDLE_WORKER_TOKEN"));
                env.put("SPINDLE_DB_NAME", "spindle_connections");
                env.put("SPINDLE_ENCRYPTION_KEYS", settings.secret("SPINDLE_ENCRYPTION_KEYS"));
            }
            case API_GATEWAY -> {
                env.put("SPINDLE_INTERNAL_TOKEN", settings.secret("SPINDLE_INTERNAL_TOKEN"));
                env.put("SPINDLE_DB_NAME", "spindle_gateway");
                env.put("SPINDLE_CONNECTION_SERVICE_URL", connections);
                String extra = System.getenv("SPINDLE_EXTRA_API_KEYS");
                env.put("SPINDLE_API_KEYS", settings.secret("SPINDLE_PROJECT_ID") + ":"
                        + settings.secret("SPINDLE_API_KEY") + (extra == null || extra.isBlank() ? "" : "," + extra));
            }
            default -> {
                // workers get the token that only reads credentials, never the gateway's
                env.put("SPINDLE_WORKER_TOKEN", settings.secret("SPINDLE_WORKER_TOKEN"));
                env.put("SPINDLE_INSTANCE", instance);
                env.put("SPINDLE_CONNECTION_SERVICE_URL", connections);
                env.put("SPINDLE_WORK_STORAGE_ENDPOINT", "http://127.0.0.1:" + settings.port(Component.S3));
                env.put("SPINDLE_WORK_STORAGE_ACCESS_KEY", settings.secret("SPINDLE_S3_ACCESS_KEY_ID"));
                env.put("SPINDLE_WORK_STORAGE_SECRET_KEY", settings.secret("SPINDLE_S3_SECRET_ACCESS_KEY"));
                if (service == Component.INGEST_WORKER) {
                    // the embedded S3 and test servers are on loopback
                    env.put("SPINDLE_INGEST_ALLOW_PRIVATE_NETWORKS", "true");
                }
            }
        }
        return env;
    }
}

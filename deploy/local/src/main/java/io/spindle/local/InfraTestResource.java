package io.spindle.local;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.spindle.local.InfraSettings.Component;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Starts real infrastructure for a {@code @QuarkusTest} in its own JVM ({@link InfraProcess}) and points the
 * application at it. Arguments: {@code components} (comma-separated: postgres, s3, kafka) and
 * {@code database} (the PostgreSQL database to create and use).
 *
 * <p>Besides Quarkus' own datasource and Kafka properties it sets {@code spindle.test.s3.endpoint},
 * {@code spindle.test.s3.region}, {@code spindle.test.s3.access-key}, {@code spindle.test.s3.secret-key} and
 * {@code spindle.test.postgres.jdbc-url}, for tests that inspect the infrastructure directly.
 *
 * <p>With {@code kafka-apart=true} Kafka runs in a process of its own, whose pid is {@code spindle.test.kafka.pid}:
 * a test can then pause the broker alone ({@code kill -STOP}) to make an outage.
 */
public class InfraTestResource implements QuarkusTestResourceLifecycleManager {

    private InfraProcess infra;
    private InfraProcess kafka;
    private EnumSet<Component> components = EnumSet.of(Component.POSTGRES);
    private String database = "spindle_test";
    private boolean kafkaApart;

    @Override
    public void init(Map<String, String> args) {
        if (args.containsKey("components")) {
            components = EnumSet.noneOf(Component.class);
            for (String c : args.get("components").split(",")) {
                components.add(Component.valueOf(c.trim().toUpperCase(Locale.ROOT)));
            }
        }
        database = args.getOrDefault("database", database);
        kafkaApart = Boolean.parseBoolean(args.getOrDefault("kafka-apart", "false"));
    }

    @Override
    public Map<String, String> start() {
        EnumSet<Component> together = EnumSet.copyOf(components);
        if (kafkaApart && together.remove(Component.KAFKA)) {
            kafka = InfraProcess.startEphemeral(Path.of("target", "infra"), EnumSet.of(Component.KAFKA), List.of());
        }
        infra = together.isEmpty() ? null
                : InfraProcess.startEphemeral(Path.of("target", "infra"), together, List.of(database));
        InfraProcess broker = kafka != null ? kafka : infra;
        Map<String, String> config = new HashMap<>();
        if (components.contains(Component.POSTGRES)) {
            config.put("quarkus.datasource.reactive.url", infra.postgresReactiveUrl(database));
            config.put("quarkus.datasource.jdbc.url", infra.postgresJdbcUrl(database));
            config.put("quarkus.datasource.username", infra.postgresUser());
            config.put("quarkus.datasource.password", infra.postgresPassword());
            config.put("spindle.test.postgres.jdbc-url", infra.postgresJdbcUrl(database));
        }
        if (components.contains(Component.S3)) {
            config.put("spindle.test.s3.endpoint", infra.s3Endpoint());
            config.put("spindle.test.s3.address", java.net.URI.create(infra.s3Endpoint()).getAuthority());
            config.put("spindle.test.s3.region", infra.s3Region());
            config.put("spindle.test.s3.access-key", infra.s3AccessKey());
            config.put("spindle.test.s3.secret-key", infra.s3SecretKey());
        }
        if (components.contains(Component.KAFKA)) {
            config.put("kafka.bootstrap.servers", broker.kafkaBootstrapServers());
            config.put("spindle.test.kafka.pid", Long.toString(broker.pid()));
        }
        return config;
    }

    @Override
    public void stop() {
        if (infra != null) {
            infra.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}

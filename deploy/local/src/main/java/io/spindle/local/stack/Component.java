package io.spindle.local.stack;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the local stack runs: three infrastructure processes, then the five services in start order. Each has a
 * port (its default, the variable that moves it) and, for a service, its heap and the Kafka consumer group a
 * worker's instances share.
 */
enum Component {
    POSTGRES(Kind.INFRA, "POSTGRES_PORT", 15432, null),
    S3(Kind.INFRA, "S3_PORT", 9000, null),
    KAFKA(Kind.INFRA, "KAFKA_PORT", 9092, null),
    CONNECTION_SERVICE(Kind.SERVICE, "CONNECTIONS_PORT", 8081, null),
    API_GATEWAY(Kind.SERVICE, "API_PORT", 8080, null),
    INGEST_WORKER(Kind.WORKER, "INGEST_PORT", 8082, "ingest-tasks"),
    TRANSCODE_WORKER(Kind.WORKER, "TRANSCODE_PORT", 8083, "transcode-tasks"),
    UPLOAD_WORKER(Kind.WORKER, "UPLOAD_PORT", 8084, "upload-tasks");

    enum Kind { INFRA, SERVICE, WORKER }

    final Kind kind;
    /** Key in {@code ports.env}; the variable that moves it is {@code SPINDLE_<key>}. */
    final String portKey;
    final int defaultPort;
    /** The topic a worker consumes. */
    final String topic;

    Component(Kind kind, String portKey, int defaultPort, String topic) {
        this.kind = kind;
        this.portKey = portKey;
        this.defaultPort = defaultPort;
        this.topic = topic;
    }

    /** The name users type and see: {@code transcode-worker}, {@code kafka}. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    String portVariable() {
        return "SPINDLE_" + portKey;
    }

    boolean isWorker() {
        return kind == Kind.WORKER;
    }

    /** The Kafka consumer group of a worker's instances. */
    String consumerGroup() {
        return "spindle-" + label();
    }

    static Optional<Component> byLabel(String label) {
        return Arrays.stream(values()).filter(c -> c.label().equals(label)).findFirst();
    }

    static List<Component> of(Kind kind) {
        return Arrays.stream(values()).filter(c -> c.kind == kind).toList();
    }

    static List<String> labels(Kind kind) {
        return of(kind).stream().map(Component::label).toList();
    }
}

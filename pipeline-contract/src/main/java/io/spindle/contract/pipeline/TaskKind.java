package io.spindle.contract.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a task does; {@code video}, {@code audio} and {@code image} are the processing kinds. */
public enum TaskKind {
    INGEST(Topics.INGEST_TASKS),
    VIDEO(Topics.TRANSCODE_TASKS),
    AUDIO(Topics.TRANSCODE_TASKS),
    IMAGE(Topics.TRANSCODE_TASKS),
    UPLOAD(Topics.UPLOAD_TASKS);

    private final String topic;

    TaskKind(String topic) {
        this.topic = topic;
    }

    /** The topic that carries commands of this kind to its worker. */
    public String topic() {
        return topic;
    }

    public boolean isProcessing() {
        return this == VIDEO || this == AUDIO || this == IMAGE;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind with this wire name; {@code null} for an unknown name (callers report it). */
    @JsonCreator
    public static TaskKind fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst().orElse(null);
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(TaskKind::wireName).collect(Collectors.joining(", "));
    }
}

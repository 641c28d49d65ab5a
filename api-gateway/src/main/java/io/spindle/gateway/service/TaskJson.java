package io.spindle.gateway.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.PipelineJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The JSON columns of the tasks table, in the pipeline contract's form. */
final class TaskJson {

    private static final TypeReference<Map<String, Object>> OPTIONS = new TypeReference<>() {
    };
    private static final TypeReference<List<Artifact>> ARTIFACTS = new TypeReference<>() {
    };

    private TaskJson() {
    }

    static String write(Object value) {
        try {
            return PipelineJson.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> options(String json) {
        return read(json, OPTIONS);
    }

    static List<Artifact> artifacts(String json) {
        return read(json, ARTIFACTS);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return PipelineJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

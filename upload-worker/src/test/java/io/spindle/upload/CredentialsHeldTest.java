package io.spindle.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.test.junit.QuarkusTest;
import io.spindle.contract.ConnectionCredentials;
import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.workerkit.connections.Connections;
import io.spindle.workerkit.lifecycle.TaskEnded;
import io.spindle.workerkit.lifecycle.TaskFailure;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A task holds the credentials it fetched until it ends: its retries work on while connection-service (or its
 * database) is away, past the 60 s cache.
 */
@QuarkusTest
@RealInfrastructure
class CredentialsHeldTest {

    static final String PROJECT = "prj_heldcredentials1";
    static final String CONNECTION = "con_heldheldheldheld";

    @Inject
    Connections connections;
    @Inject
    Event<TaskEnded> ended;
    @Inject
    @CacheName("connection-credentials")
    Cache cache;

    @Test
    void aTaskKeepsItsCredentialsUntilItEnds() throws Exception {
        Path file = CredentialsFiles.DIR.resolve(CONNECTION + ".json");
        Files.write(file, PipelineJson.write(new ConnectionCredentials(CONNECTION, "http://127.0.0.1:9", "us-east-1",
                "access", "secret", "path")));
        TaskCommand task = upload();
        assertThat(connections.client(task, CONNECTION)).isNotNull();

        // connection-service no longer answers for the connection, and the cache has expired
        Files.delete(file);
        cache.invalidateAll().await().indefinitely();

        assertThat(connections.client(task, CONNECTION)).as("the task's next try").isNotNull();
        assertNotFound(upload());
        ended.fire(new TaskEnded(task));
        assertNotFound(task);
    }

    private void assertNotFound(TaskCommand task) {
        assertThatThrownBy(() -> connections.client(task, CONNECTION)).isInstanceOfSatisfying(TaskFailure.class,
                f -> assertThat(f.kind()).isEqualTo("connection_not_found"));
    }

    private static TaskCommand upload() {
        return new TaskCommand(TaskCommand.SCHEMA_VERSION, PROJECT, Ids.newId(IdKind.RUN), Ids.newId(IdKind.TASK),
                null, TaskKind.UPLOAD, Map.of("connection_id", CONNECTION, "bucket", "b", "key", "k"), null,
                List.of(), Instant.now());
    }
}

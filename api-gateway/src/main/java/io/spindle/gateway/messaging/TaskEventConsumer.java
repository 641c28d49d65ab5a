package io.spindle.gateway.messaging;

import io.smallrye.mutiny.Uni;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskEvent;
import io.spindle.gateway.service.TaskProjection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds task-events into the read model. A record that is not a readable event fails here and goes to
 * {@code task-events-dlq} with the reason (failure-strategy dead-letter-queue); the channel goes on.
 */
@ApplicationScoped
public class TaskEventConsumer {

    private final TaskProjection projection;

    public TaskEventConsumer(TaskProjection projection) {
        this.projection = projection;
    }

    @Incoming("task-events")
    public Uni<Void> consume(byte[] value) {
        TaskEvent event = PipelineJson.read(value, TaskEvent.class);
        if (event.taskId() == null || event.status() == null) {
            throw new PipelineJson.MalformedRecordException("a task event needs task_id and a known status");
        }
        return projection.apply(event).replaceWithVoid();
    }
}

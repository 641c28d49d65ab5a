package io.spindle.gateway.messaging;

import io.smallrye.mutiny.Uni;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.gateway.config.ConsumerRetryConfig;
import io.spindle.gateway.service.TaskProjection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the workers' task-reports into the read model, then publishes the events the change wrote. A record
 * that is not a readable report fails here and goes to {@code task-reports-dlq} with the reason
 * (failure-strategy dead-letter-queue); the channel goes on. A report that could not be applied (the database
 * unavailable) is tried again with backoff first.
 */
@ApplicationScoped
public class TaskReportConsumer {

    private final TaskProjection projection;
    private final OutboxRelay relay;
    private final ConsumerRetryConfig retry;

    public TaskReportConsumer(TaskProjection projection, OutboxRelay relay, ConsumerRetryConfig retry) {
        this.projection = projection;
        this.relay = relay;
        this.retry = retry;
    }

    @Incoming("task-reports")
    public Uni<Void> consume(byte[] value) {
        TaskReport report = PipelineJson.read(value, TaskReport.class);
        if (report.taskId() == null || report.status() == null) {
            throw new PipelineJson.MalformedRecordException("a task report needs task_id and a known status");
        }
        return Uni.createFrom().deferred(() -> projection.apply(report))
                .onFailure().retry().withBackOff(retry.backoff(), retry.backoff().multipliedBy(8))
                .atMost(retry.retries())
                .call(changed -> changed ? relay.publishPending().onFailure().recoverWithNull() // the scheduler retries
                        : Uni.createFrom().voidItem())
                .replaceWithVoid();
    }
}

package io.spindle.gateway.messaging;

import io.smallrye.mutiny.Uni;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.gateway.service.TaskProjection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds the workers' task-reports into the read model, then publishes the events the change wrote. A record
 * that is not a readable report fails here and goes to {@code task-reports-dlq} with the reason
 * (failure-strategy dead-letter-queue); the channel goes on. While the database is away the report waits,
 * tried again with backoff for as long as it takes: a report is never dead-lettered for an outage. Any other
 * failure to apply it is tried a few times, then dead-lettered.
 */
@ApplicationScoped
public class TaskReportConsumer {

    private static final Logger LOG = Logger.getLogger(TaskReportConsumer.class);

    private final TaskProjection projection;
    private final OutboxRelay relay;
    private final ConsumerRetries retries;

    public TaskReportConsumer(TaskProjection projection, OutboxRelay relay, ConsumerRetries retries) {
        this.projection = projection;
        this.relay = relay;
        this.retries = retries;
    }

    @Incoming("task-reports")
    public Uni<Void> consume(byte[] value) {
        TaskReport report = PipelineJson.read(value, TaskReport.class);
        if (report.taskId() == null || report.status() == null) {
            throw new PipelineJson.MalformedRecordException("a task report needs task_id and a known status");
        }
        return retries.apply(() -> projection.apply(report), e -> true, e -> waiting(report, e))
                .invoke(changed -> {
                    if (changed) {
                        relay.nudge();
                    }
                })
                .replaceWithVoid();
    }

    private static void waiting(TaskReport report, Throwable e) {
        LOG.warnf("report %s of task %s waits for the database: %s", report.eventId(), report.taskId(),
                e.getMessage());
    }
}

package io.spindle.ingest.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.spindle.ingest.service.IngestHandler;
import io.spindle.workerkit.lifecycle.TaskLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** ingest-tasks → the task lifecycle, on the bounded {@code task-pool}; the lifecycle acknowledges. */
@ApplicationScoped
public class IngestConsumer {

    private final TaskLifecycle lifecycle;
    private final IngestHandler handler;

    public IngestConsumer(TaskLifecycle lifecycle, IngestHandler handler) {
        this.lifecycle = lifecycle;
        this.handler = handler;
    }

    @Incoming("ingest-tasks")
    @Blocking(value = "task-pool", ordered = false)
    public CompletionStage<Void> consume(Message<byte[]> record) {
        return lifecycle.process(record, handler);
    }
}

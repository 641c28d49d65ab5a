package io.spindle.ingest.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.spindle.ingest.service.IngestHandler;
import io.spindle.workerkit.lifecycle.TaskLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** ingest-tasks → the task lifecycle, on the bounded {@code task-pool}. */
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
    public void consume(byte[] record) {
        lifecycle.process(record, handler);
    }
}

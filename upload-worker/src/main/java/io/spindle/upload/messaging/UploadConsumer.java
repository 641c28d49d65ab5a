package io.spindle.upload.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.spindle.upload.service.UploadHandler;
import io.spindle.workerkit.lifecycle.TaskLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** upload-tasks → the task lifecycle, on the bounded {@code task-pool}. */
@ApplicationScoped
public class UploadConsumer {

    private final TaskLifecycle lifecycle;
    private final UploadHandler handler;

    public UploadConsumer(TaskLifecycle lifecycle, UploadHandler handler) {
        this.lifecycle = lifecycle;
        this.handler = handler;
    }

    @Incoming("upload-tasks")
    @Blocking(value = "task-pool", ordered = false)
    public void consume(byte[] record) {
        lifecycle.process(record, handler);
    }
}

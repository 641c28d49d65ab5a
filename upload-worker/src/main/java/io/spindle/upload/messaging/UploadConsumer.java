package io.spindle.upload.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.spindle.upload.service.UploadHandler;
import io.spindle.workerkit.lifecycle.TaskLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** upload-tasks → the task lifecycle, on the bounded {@code task-pool}; the lifecycle acknowledges. */
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
    public CompletionStage<Void> consume(Message<byte[]> record) {
        return lifecycle.process(record, handler);
    }
}

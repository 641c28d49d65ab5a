package io.spindle.transcode.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.spindle.transcode.service.TranscodeHandler;
import io.spindle.workerkit.lifecycle.TaskLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** transcode-tasks → the task lifecycle, on the bounded {@code task-pool}; the lifecycle acknowledges. */
@ApplicationScoped
public class TranscodeConsumer {

    private final TaskLifecycle lifecycle;
    private final TranscodeHandler handler;

    public TranscodeConsumer(TaskLifecycle lifecycle, TranscodeHandler handler) {
        this.lifecycle = lifecycle;
        this.handler = handler;
    }

    @Incoming("transcode-tasks")
    @Blocking(value = "task-pool", ordered = false)
    public CompletionStage<Void> consume(Message<byte[]> record) {
        return lifecycle.process(record, handler);
    }
}

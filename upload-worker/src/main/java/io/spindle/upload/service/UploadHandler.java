package io.spindle.upload.service;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.spindle.contract.S3Url;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.storage.StorageErrors;
import io.spindle.workerkit.connections.BucketObject;
import io.spindle.workerkit.connections.Connections;
import io.spindle.workerkit.lifecycle.TaskFailure;
import io.spindle.workerkit.lifecycle.TaskHandler;
import io.spindle.upload.config.UploadConfig;
import io.spindle.workerkit.lifecycle.TaskEnded;
import io.spindle.workerkit.storage.RateLimitedInputStream;
import io.spindle.workerkit.storage.ResumableUpload;
import io.spindle.workerkit.storage.WorkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code upload}: streams the parent's output from work storage to {@code options.bucket}/{@code options.key}
 * through {@code options.connection_id}, with the output's {@code Content-Type} and no ACL header (buckets with
 * owner-enforced ownership reject ACLs).
 *
 * <p>An object larger than a part goes up as a {@link ResumableUpload}: when the destination (or work storage)
 * goes away mid-transfer, the task's next try, after the lifecycle's backoff, goes on from the parts already
 * stored. A task that ends without completing its upload has the upload aborted ({@link AbandonedUploads}).
 */
@ApplicationScoped
public class UploadHandler implements TaskHandler {

    private final WorkStorage work;
    private final Connections connections;
    private final UploadConfig config;
    private final AbandonedUploads abandoned;
    /** Task id → its upload, kept across the task's tries. */
    private final Map<String, ResumableUpload> uploads = new ConcurrentHashMap<>();

    public UploadHandler(WorkStorage work, Connections connections, UploadConfig config, AbandonedUploads abandoned) {
        this.work = work;
        this.connections = connections;
        this.config = config;
        this.abandoned = abandoned;
    }

    @Override
    public Set<TaskKind> kinds() {
        return Set.of(TaskKind.UPLOAD);
    }

    @Override
    public List<Artifact> run(TaskCommand command, Progress progress) throws IOException {
        Artifact input = command.input();
        if (input == null || S3Url.parse(input.url()) == null) {
            throw TaskFailure.permanent("invalid_command", "An upload needs an input in work storage (the output of"
                    + " its parent task): there is nothing to upload.");
        }
        BucketObject destination = BucketObject.of(command);
        String contentType = command.options().get("content_type") instanceof String t ? t
                : input.contentType() != null ? input.contentType() : "application/octet-stream";
        Long size = input.size();
        try {
            String etag;
            if (size != null && size > config.partSize()) {
                ResumableUpload upload = uploads.computeIfAbsent(command.taskId(), id -> new ResumableUpload(
                        connections.asyncClient(command, destination.connectionId()), destination.address(),
                        contentType, size, config.partSize()));
                etag = upload.send(offset -> read(input, offset), stored -> progress.report((int) (stored * 99 / size)))
                        .etag();
            } else {
                MinioClient client = connections.client(command, destination.connectionId());
                try (InputStream in = read(input, 0)) {
                    etag = client.putObject(PutObjectArgs.builder().bucket(destination.bucket())
                            .object(destination.key()).stream(in, size, (long) config.partSize())
                            .contentType(contentType).build()).etag();
                }
            }
            String key = destination.key();
            return List.of(new Artifact(destination.address().toString(), destination.connectionId(),
                    key.substring(key.lastIndexOf('/') + 1), contentType, size, etag, input.media()));
        } catch (Exception e) {
            throw failure(destination, e);
        }
    }

    /** The task is over: an upload it did not complete is aborted. */
    void release(@Observes TaskEnded ended) {
        ResumableUpload upload = uploads.remove(ended.command().taskId());
        if (upload != null && upload.pending()) {
            abandoned.abort(upload);
        }
    }

    /** The input from {@code offset} on, at most at the configured rate. */
    private InputStream read(Artifact input, long offset) {
        InputStream in = work.open(input, offset);
        return config.maxBytesPerSecond().isPresent()
                ? new RateLimitedInputStream(in, config.maxBytesPerSecond().getAsLong()) : in;
    }

    private static TaskFailure failure(BucketObject destination, Exception e) {
        if (e instanceof InterruptedException || e instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
        }
        TaskFailure own = TaskFailure.findIn(e); // reading from work storage failed, or the task's own check
        if (own != null) {
            return own;
        }
        StorageErrors.Failure f = StorageErrors.translate(e);
        String kind = "access_denied".equals(f.kind()) ? "destination_refused" : f.kind();
        return new TaskFailure(kind, "Writing " + destination.address() + " through connection "
                + destination.connectionId() + " failed ("
                + f.code() + "): " + f.advice(), f.retryable(), e);
    }
}

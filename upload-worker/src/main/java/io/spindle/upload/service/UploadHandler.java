package io.spindle.upload.service;

import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
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
import io.spindle.workerkit.storage.CountingInputStream;
import io.spindle.workerkit.storage.WorkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code upload}: streams the parent's output from work storage to {@code options.bucket}/{@code options.key}
 * through {@code options.connection_id}. Multipart for large objects (the MinIO client aborts the upload if a
 * part fails, so nothing half-written is left), the output's {@code Content-Type}, no ACL header (buckets with
 * owner-enforced ownership reject ACLs).
 */
@ApplicationScoped
public class UploadHandler implements TaskHandler {

    private final WorkStorage work;
    private final Connections connections;
    private final long partSize;

    public UploadHandler(WorkStorage work, Connections connections,
            @ConfigProperty(name = "spindle.upload.part-size") long partSize) {
        this.work = work;
        this.connections = connections;
        this.partSize = partSize;
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
        MinioClient client = connections.client(command.projectId(), destination.connectionId());
        Long size = input.size();
        try (InputStream in = new CountingInputStream(work.open(input), count -> {
            if (size != null && size > 0) {
                progress.report((int) (count * 99 / size));
            }
        })) {
            ObjectWriteResponse written = client.putObject(PutObjectArgs.builder().bucket(destination.bucket())
                    .object(destination.key()).stream(in, size, partSize).contentType(contentType).build());
            String key = destination.key();
            return List.of(new Artifact(destination.address().toString(), destination.connectionId(),
                    key.substring(key.lastIndexOf('/') + 1), contentType, size, written.etag(), input.media()));
        } catch (Exception e) {
            throw failure(destination, e);
        }
    }

    private static TaskFailure failure(BucketObject destination, Exception e) {
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

package io.spindle.upload.service;

import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.spindle.contract.ConnectionCredentials;
import io.spindle.contract.S3Url;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.storage.S3Clients;
import io.spindle.storage.StorageErrors;
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
        String connectionId = (String) command.options().get("connection_id");
        String bucket = (String) command.options().get("bucket");
        String key = (String) command.options().get("key");
        if (connectionId == null || bucket == null || key == null) {
            throw TaskFailure.permanent("invalid_options", "An upload needs options.connection_id, options.bucket"
                    + " and options.key.");
        }
        String contentType = command.options().get("content_type") instanceof String t ? t
                : input.contentType() != null ? input.contentType() : "application/octet-stream";
        String destination = "s3://" + bucket + "/" + key;
        ConnectionCredentials credentials = connections.credentials(command.projectId(), connectionId);
        MinioClient client = S3Clients.create(credentials);
        Long size = input.size();
        try (InputStream in = new CountingInputStream(work.open(input), count -> {
            if (size != null && size > 0) {
                progress.report((int) (count * 99 / size));
            }
        })) {
            ObjectWriteResponse written = client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(in, size, partSize).contentType(contentType).build());
            return List.of(new Artifact(destination, connectionId, key.substring(key.lastIndexOf('/') + 1),
                    contentType, size, written.etag(), input.media()));
        } catch (Exception e) {
            throw failure(destination, connectionId, e);
        }
    }

    private static TaskFailure failure(String destination, String connectionId, Exception e) {
        TaskFailure own = TaskFailure.findIn(e); // reading from work storage failed, or the task's own check
        if (own != null) {
            return own;
        }
        StorageErrors.Failure f = StorageErrors.translate(e);
        String kind = "access_denied".equals(f.kind()) ? "destination_refused" : f.kind();
        return new TaskFailure(kind, "Writing " + destination + " through connection " + connectionId + " failed ("
                + f.code() + "): " + f.advice(), f.retryable(), e);
    }
}

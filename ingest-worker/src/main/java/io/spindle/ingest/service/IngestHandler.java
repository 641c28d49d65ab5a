package io.spindle.ingest.service;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.spindle.contract.S3Url;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.MediaInfo;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.ingest.config.IngestConfig;
import io.spindle.outbound.OutboundPolicy;
import io.spindle.storage.StorageErrors;
import io.spindle.workerkit.connections.BucketObject;
import io.spindle.workerkit.connections.Connections;
import io.spindle.workerkit.lifecycle.TaskFailure;
import io.spindle.workerkit.lifecycle.TaskHandler;
import io.spindle.workerkit.media.MediaProbe;
import io.spindle.workerkit.storage.CountingInputStream;
import io.spindle.workerkit.storage.WorkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code ingest}: streams the input into work storage (never whole in memory), then probes it. The input is
 * {@code options.url} (http or https), or {@code options.bucket} + {@code options.key} read through
 * {@code options.connection_id}.
 */
@ApplicationScoped
public class IngestHandler implements TaskHandler {

    private final WorkStorage work;
    private final Connections connections;
    private final HttpFetcher http;
    private final MediaProbe probe;
    private final IngestConfig config;

    public IngestHandler(WorkStorage work, Connections connections, IngestConfig config, OutboundPolicy policy) {
        this.work = work;
        this.connections = connections;
        this.config = config;
        this.http = new HttpFetcher(config, policy);
        this.probe = new MediaProbe(config.probeTimeout());
    }

    @Override
    public Set<TaskKind> kinds() {
        return Set.of(TaskKind.INGEST);
    }

    @Override
    public List<Artifact> run(TaskCommand command, Progress progress) throws Exception {
        Source source = open(command);
        String filename = filename(source.name());
        S3Url location = work.location(command, filename);
        WorkStorage.Stored stored;
        Long length = source.length();
        try (InputStream in = new CountingInputStream(source.body(), count -> {
            if (length != null && length > 0) {
                progress.report((int) (count * 90 / length)); // 90–99: the probe
            }
        })) {
            stored = work.put(location, in, source.contentType());
        }
        progress.report(95);
        Artifact artifact = new Artifact(location.toString(), null, filename, source.contentType(), stored.size(),
                stored.etag(), null);
        MediaInfo media = probe.probe(work.presignedGet(artifact, Duration.ofMinutes(30)));
        return List.of(new Artifact(artifact.url(), null, filename, source.contentType(), stored.size(),
                stored.etag(), media));
    }

    private record Source(InputStream body, String name, String contentType, Long length) {
    }

    private Source open(TaskCommand command) {
        Object url = command.options().get("url");
        if (url instanceof String u) {
            if (!u.startsWith("http://") && !u.startsWith("https://")) {
                throw TaskFailure.permanent("invalid_options", "options.url must be an http or https URL.");
            }
            HttpFetcher.Fetched fetched = http.open(u);
            return new Source(fetched.body(), lastSegment(fetched.finalUrl().getPath()),
                    contentType(fetched.contentType(), fetched.finalUrl().getPath()), fetched.length());
        }
        BucketObject source = BucketObject.of(command);
        MinioClient client = connections.client(command, source.connectionId());
        String key = source.key();
        S3Url where = source.address();
        String connectionId = source.connectionId();
        try {
            // one GET, no HEAD first: a HEAD's error has no body, so the storage's own code (wrong secret, wrong
            // region…) would be lost
            GetObjectResponse body = client.getObject(GetObjectArgs.builder().bucket(source.bucket()).object(key).build());
            String length = body.headers().get("Content-Length");
            Long size = length == null ? null : Long.valueOf(length);
            if (size != null && size > config.maxBytes()) {
                body.close();
                throw TaskFailure.permanent("input_too_large", where + " has " + size + " bytes, more than the "
                        + config.maxBytes() + "-byte limit.");
            }
            return new Source(body, lastSegment(key), contentType(body.headers().get("Content-Type"), key), size);
        } catch (TaskFailure e) {
            throw e;
        } catch (Exception e) {
            StorageErrors.Failure f = StorageErrors.translate(e);
            String kind = switch (f.kind()) {
                case "object_not_found" -> "input_not_found";
                case "storage_error" -> "input_unavailable";
                default -> f.kind();
            };
            String message = "input_not_found".equals(kind) ? "There is no object " + where + " (connection "
                    + connectionId + ")." : "Reading " + where + " through connection " + connectionId + " failed: "
                    + f.advice();
            throw new TaskFailure(kind, message, f.retryable(), e);
        }
    }

    /** A safe file name for work storage, from the source's last path segment. */
    static String filename(String name) {
        String cleaned = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]", "_");
        while (cleaned.startsWith(".")) {
            cleaned = cleaned.substring(1);
        }
        if (cleaned.length() > 120) {
            cleaned = cleaned.substring(cleaned.length() - 120);
        }
        return cleaned.isBlank() ? "input" : cleaned;
    }

    private static String lastSegment(String path) {
        if (path == null) {
            return null;
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static String contentType(String announced, String path) {
        if (announced != null && !announced.isBlank() && !announced.equals("application/octet-stream")) {
            return announced;
        }
        String guessed = URLConnection.guessContentTypeFromName(path == null ? "" : URI.create("x:/"
                + path.replace(" ", "%20")).getPath());
        return guessed != null ? guessed : "application/octet-stream";
    }
}

package io.spindle.workerkit.connections;

import io.quarkus.cache.CacheResult;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.spindle.contract.ConnectionCredentials;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.outbound.OutboundPolicy;
import io.spindle.storage.S3Clients;
import io.spindle.workerkit.lifecycle.TaskEnded;
import io.spindle.workerkit.lifecycle.TaskFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The credentials of a connection, for the project a task belongs to; never logged. A task holds the
 * credentials it fetched until it ends ({@link TaskEnded}), so its retries work on while connection-service or
 * its database is away. Across tasks they are cached briefly (cache {@code connection-credentials}, 60 s by
 * default) so a burst of tasks does not ask for each one.
 */
@ApplicationScoped
public class Connections {

    private final CredentialsClient client;
    private final OutboundPolicy policy;
    /** Task id → connection id → credentials. */
    private final Map<String, Map<String, ConnectionCredentials>> held = new ConcurrentHashMap<>();

    public Connections(@RestClient CredentialsClient client, OutboundPolicy policy) {
        this.client = client;
        this.policy = policy;
    }

    /** A client for the connection's storage, for {@code task}, connecting only where the address policy allows. */
    public MinioClient client(TaskCommand task, String connectionId) {
        return S3Clients.create(credentials(task, connectionId), policy);
    }

    /** The asynchronous client, for the multipart steps of a {@link io.spindle.workerkit.storage.ResumableUpload}. */
    public MinioAsyncClient asyncClient(TaskCommand task, String connectionId) {
        return S3Clients.createAsync(credentials(task, connectionId), policy);
    }

    private ConnectionCredentials credentials(TaskCommand task, String connectionId) {
        Map<String, ConnectionCredentials> mine = held.computeIfAbsent(task.taskId(), id -> new ConcurrentHashMap<>());
        ConnectionCredentials credentials = mine.get(connectionId);
        if (credentials == null) {
            credentials = fetch(task.projectId(), connectionId);
            mine.put(connectionId, credentials);
        }
        return credentials;
    }

    void release(@Observes TaskEnded ended) {
        held.remove(ended.command().taskId());
    }

    @CacheResult(cacheName = "connection-credentials")
    ConnectionCredentials fetch(String projectId, String connectionId) {
        try {
            return client.credentials(projectId, connectionId);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                throw TaskFailure.permanent("connection_not_found", "Connection " + connectionId
                        + " no longer exists in this project.");
            }
            if (status == 500 && body(e).contains("secret_unavailable")) {
                throw TaskFailure.permanent("connection_unusable", "The secret of connection " + connectionId
                        + " cannot be decrypted; re-enter it with PATCH /connections/" + connectionId + ".");
            }
            throw TaskFailure.retryable("connection_service_unavailable", "connection-service answered " + status
                    + " for connection " + connectionId + ".");
        } catch (ProcessingException e) {
            throw TaskFailure.retryable("connection_service_unavailable", "connection-service is not reachable.");
        }
    }

    private static String body(WebApplicationException e) {
        try {
            return String.valueOf(e.getResponse().readEntity(String.class));
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}

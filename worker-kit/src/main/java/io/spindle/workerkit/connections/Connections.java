package io.spindle.workerkit.connections;

import io.quarkus.cache.CacheResult;
import io.minio.MinioClient;
import io.spindle.contract.ConnectionCredentials;
import io.spindle.storage.S3Clients;
import io.spindle.workerkit.lifecycle.TaskFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The credentials of a connection, for the project a task belongs to. Cached briefly (cache
 * {@code connection-credentials}, 60 s by default) so a burst of tasks does not ask for each one; never logged.
 */
@ApplicationScoped
public class Connections {

    private final CredentialsClient client;

    public Connections(@RestClient CredentialsClient client) {
        this.client = client;
    }

    /** A client for the connection's storage. */
    public MinioClient client(String projectId, String connectionId) {
        return S3Clients.create(credentials(projectId, connectionId));
    }

    @CacheResult(cacheName = "connection-credentials")
    public ConnectionCredentials credentials(String projectId, String connectionId) {
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

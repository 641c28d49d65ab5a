package io.spindle.connections.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.spindle.servicekit.crypto.SecretCipher;
import io.spindle.servicekit.crypto.SecretCipher.Sealed;
import io.spindle.connections.repository.Connection;
import io.spindle.connections.repository.ConnectionRepository;
import io.spindle.connections.rest.ConnectionPage;
import io.spindle.connections.rest.ConnectionView;
import io.spindle.connections.rest.CreateConnectionRequest;
import io.spindle.connections.rest.UpdateConnectionRequest;
import io.spindle.contract.ConnectionCredentials;
import io.spindle.contract.IdKind;
import io.spindle.contract.Problem;
import io.spindle.contract.Ids;
import io.spindle.servicekit.rest.ApiException;
import io.spindle.servicekit.rest.QueryParams;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Connections of a project: the only place that writes them and the only place that opens secrets. */
// made at start-up: its SecretCipher refuses a bad or missing spindle.encryption.keys before any request
@Startup
@ApplicationScoped
public class ConnectionService {

    static final String DEFAULT_REGION = "us-east-1";

    private final ConnectionRepository repository;
    private final SecretCipher cipher;
    private final EndpointCheck endpoints;

    public ConnectionService(ConnectionRepository repository, SecretCipher cipher, EndpointCheck endpoints) {
        this.repository = repository;
        this.cipher = cipher;
        this.endpoints = endpoints;
    }

    /** Stores a new connection, once its endpoint passes the address policy. */
    public Uni<ConnectionView> create(String projectId, CreateConnectionRequest request) {
        return endpoints.check(request.endpoint()).chain(() -> insert(projectId, request));
    }

    @WithTransaction
    Uni<ConnectionView> insert(String projectId, CreateConnectionRequest request) {
        Connection c = new Connection();
        c.id = Ids.newId(IdKind.CONNECTION);
        c.projectId = projectId;
        c.name = request.name().strip();
        c.kind = request.kind();
        c.endpoint = stripTrailingSlash(request.endpoint());
        c.region = request.region() == null ? DEFAULT_REGION : request.region();
        c.addressingStyle = request.addressingStyle() == null ? "auto" : request.addressingStyle();
        c.accessKeyId = request.accessKeyId().strip();
        seal(c, request.secretAccessKey());
        c.isDefault = false;
        c.createdAt = now();
        c.updatedAt = c.createdAt;
        Uni<Connection> persisted = repository.persist(c);
        if (Boolean.TRUE.equals(request.isDefault())) {
            persisted = persisted.call(() -> makeDefault(c));
        }
        return persisted.map(ConnectionView::of);
    }

    @WithSession
    public Uni<ConnectionView> get(String projectId, String id) {
        return require(projectId, id).map(ConnectionView::of);
    }

    @WithSession
    public Uni<ConnectionPage> list(String projectId, String limit, String after) {
        int size = QueryParams.pageSize(limit);
        Uni<Connection> cursor = Uni.createFrom().nullItem();
        if (after != null) {
            if (!IdKind.CONNECTION.matches(after)) {
                throw ApiException.invalidField("after", "must be a connection id (" + IdKind.CONNECTION.format() + ")");
            }
            cursor = repository.findInProject(projectId, after).onItem().ifNull().failWith(
                    () -> ApiException.invalidField("after", "no connection '" + after + "' in this project"));
        }
        return cursor.flatMap(c -> repository.page(projectId, c, size + 1)).map(rows -> {
            boolean hasMore = rows.size() > size;
            List<ConnectionView> data = rows.stream().limit(size).map(ConnectionView::of).toList();
            return ConnectionPage.of(data, hasMore);
        });
    }

    /** Changes the given fields; a new endpoint must pass the address policy first. */
    public Uni<ConnectionView> update(String projectId, String id, UpdateConnectionRequest request) {
        Uni<Void> checked = request.endpoint() == null ? Uni.createFrom().voidItem()
                : endpoints.check(request.endpoint());
        return checked.chain(() -> change(projectId, id, request));
    }

    @WithTransaction
    Uni<ConnectionView> change(String projectId, String id, UpdateConnectionRequest request) {
        // A default change takes the project's lock before reading the row, so the row it reads is current.
        Uni<Void> lock = request.isDefault() == null ? Uni.createFrom().voidItem() : repository.lockDefaults(projectId);
        return lock.flatMap(locked -> require(projectId, id)).flatMap(c -> {
            if (request.name() != null) {
                c.name = request.name().strip();
            }
            if (request.kind() != null) {
                c.kind = request.kind();
            }
            if (request.endpoint() != null) {
                c.endpoint = stripTrailingSlash(request.endpoint());
            }
            if (request.region() != null) {
                c.region = request.region();
            }
            if (request.addressingStyle() != null) {
                c.addressingStyle = request.addressingStyle();
            }
            if (request.accessKeyId() != null) {
                c.accessKeyId = request.accessKeyId().strip();
            }
            if (request.secretAccessKey() != null) {
                seal(c, request.secretAccessKey());
            }
            c.updatedAt = now();
            if (Boolean.TRUE.equals(request.isDefault()) && !c.isDefault) {
                return makeDefault(c).replaceWith(c);
            }
            if (Boolean.FALSE.equals(request.isDefault())) {
                c.isDefault = false;
            }
            return Uni.createFrom().item(c);
        }).map(ConnectionView::of);
    }

    @WithTransaction
    public Uni<Void> delete(String projectId, String id) {
        return require(projectId, id).flatMap(repository::delete);
    }

    @WithSession
    public Uni<ConnectionView> defaultConnection(String projectId) {
        return repository.findDefault(projectId).onItem().ifNull().failWith(() -> new ApiException(Problem.of(404,
                "No default connection", "not_found", "The project has no default connection.")))
                .map(ConnectionView::of);
    }

    /** The decrypted credentials, for a worker acting for {@code projectId}. */
    @WithSession
    public Uni<ConnectionCredentials> credentials(String projectId, String id) {
        return require(projectId, id).map(c -> new ConnectionCredentials(c.id, c.endpoint, c.region, c.accessKeyId,
                cipher.open(new Sealed(c.secretKeyId, c.secretCiphertext), c.id), c.addressingStyle));
    }

    /**
     * Makes {@code c} the project's only default. The advisory lock serialises concurrent requests of the
     * project (taking it twice in one transaction is harmless); the partial unique index
     * {@code connections_one_default} backs the rule in the database.
     */
    private Uni<Void> makeDefault(Connection c) {
        return repository.lockDefaults(c.projectId)
                .call(() -> repository.clearDefaults(c.projectId, c.id))
                .call(() -> repository.flush())
                .invoke(() -> c.isDefault = true)
                .replaceWithVoid();
    }

    private Uni<Connection> require(String projectId, String id) {
        if (!IdKind.CONNECTION.matches(id)) {
            throw ApiException.invalidField("id", "'" + id + "' is not a connection id: expected "
                    + IdKind.CONNECTION.format());
        }
        return repository.findInProject(projectId, id).onItem().ifNull()
                .failWith(() -> ApiException.notFound("connection", id));
    }

    private void seal(Connection c, String secret) {
        Sealed sealed = cipher.seal(secret, c.id);
        c.secretCiphertext = sealed.payload();
        c.secretKeyId = sealed.keyId();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String stripTrailingSlash(String endpoint) {
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }
}

package io.spindle.gateway.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.gateway.repository.ApiKey;
import io.spindle.gateway.repository.ApiKeyRepository;
import io.spindle.gateway.repository.Project;
import io.spindle.gateway.repository.ProjectRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Resolves API keys to projects. Keys are never stored: only their SHA-256. */
@ApplicationScoped
public class ApiKeyService {

    /** Keys shorter than this are refused: they could be guessed. */
    public static final int MIN_KEY_LENGTH = 24;
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final ApiKeyRepository keys;
    private final ProjectRepository projects;

    public ApiKeyService(ApiKeyRepository keys, ProjectRepository projects) {
        this.keys = keys;
        this.projects = projects;
    }

    /** The project the key belongs to, or null for an unknown or revoked key. */
    @WithSession
    public Uni<String> authenticate(String presentedKey) {
        return keys.findByHash(sha256(presentedKey))
                .map(key -> key == null || key.revokedAt != null ? null : key.projectId);
    }

    /**
     * Registers a key for a project (creating the project if needed); does nothing if the key is registered.
     *
     * @param keyOrHash the key itself, or {@code sha256:<hex>}
     */
    @WithTransaction
    public Uni<Void> register(String projectId, String keyOrHash) {
        String hash;
        String hint;
        if (keyOrHash.startsWith("sha256:")) {
            hash = keyOrHash.substring("sha256:".length()).toLowerCase(java.util.Locale.ROOT);
            if (!HEX_SHA256.matcher(hash).matches()) {
                throw new IllegalArgumentException("an api key hash must be sha256:<64 hex digits>");
            }
            hint = null;
        } else {
            if (keyOrHash.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("an api key needs at least " + MIN_KEY_LENGTH + " characters");
            }
            hash = sha256(keyOrHash);
            hint = keyOrHash.substring(0, Math.min(12, keyOrHash.length() / 3));
        }
        if (!IdKind.PROJECT.matches(projectId)) {
            throw new IllegalArgumentException("'" + projectId + "' is not a project id: expected "
                    + IdKind.PROJECT.format());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return projects.findById(projectId)
                .flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(existing);
                    }
                    Project p = new Project();
                    p.id = projectId;
                    p.createdAt = now;
                    return projects.persist(p);
                })
                .flatMap(project -> keys.findByHash(hash))
                .flatMap(existing -> {
                    if (existing != null) {
                        if (!existing.projectId.equals(projectId)) {
                            throw new IllegalArgumentException("this api key is already registered for another project");
                        }
                        return Uni.createFrom().voidItem();
                    }
                    ApiKey key = new ApiKey();
                    key.id = Ids.newId(IdKind.API_KEY);
                    key.projectId = projectId;
                    key.keyHash = hash;
                    key.keyHint = hint;
                    key.createdAt = now;
                    return keys.persist(key).replaceWithVoid();
                });
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.spindle.gateway.service;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.hibernate.reactive.panache.Panache;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Resolves API keys to projects. Keys are never stored: only their SHA-256. */
@ApplicationScoped
public class ApiKeyService {

    /** Keys shorter than this are refused: they could be guessed. */
    public static final int MIN_KEY_LENGTH = 24;
    /** How keys made through the API begin, so that a leaked one is recognisable (secret scanners). */
    static final String KEY_PREFIX = "spindle_";
    /** The first characters of a key kept as its non-secret prefix: enough to tell keys apart. */
    static final int HINT_LENGTH = 12;
    static final int MAX_LISTED = 100;
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final ApiKeyRepository keys;
    private final ProjectRepository projects;
    private final Cache lookups;
    /** Key id → when this instance last wrote its last_used_at. */
    private final Map<String, Instant> lastTouched = new ConcurrentHashMap<>();

    public ApiKeyService(ApiKeyRepository keys, ProjectRepository projects, @CacheName("api-keys") Cache lookups) {
        this.keys = keys;
        this.projects = projects;
        this.lookups = lookups;
    }

    /**
     * The project the key belongs to, or null for an unknown, revoked or expired key. Lookups are cached for
     * {@code quarkus.cache.caffeine."api-keys".expire-after-write} (5 s): a revocation holds at once on the replica
     * that made it and within that bound on the others; expiry is checked on every request. Records when the key was
     * last used, at most once a minute per key.
     */
    public Uni<String> authenticate(String presentedKey) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return lookups.getAsync(sha256(presentedKey), hash -> Panache.withSession(() -> keys.findByHash(hash))
                .map(KnownKey::of)).flatMap(key -> {
                    if (!key.validAt(now)) {
                        return Uni.createFrom().nullItem();
                    }
                    Instant touched = lastTouched.get(key.id());
                    if (touched != null && touched.isAfter(now.minus(LAST_USED_PRECISION))) {
                        return Uni.createFrom().item(key.projectId());
                    }
                    lastTouched.put(key.id(), now);
                    return Panache.withTransaction(() -> keys.touch(key.id(), now)).replaceWith(key.projectId());
                });
    }

    /** What a lookup found, as cached: a key's validity, or {@link #UNKNOWN}. */
    record KnownKey(String id, String projectId, Instant expiresAt, Instant revokedAt) {

        static final KnownKey UNKNOWN = new KnownKey(null, null, null, Instant.EPOCH);

        static KnownKey of(ApiKey key) {
            return key == null ? UNKNOWN : new KnownKey(key.id, key.projectId, key.expiresAt, key.revokedAt);
        }

        boolean validAt(Instant now) {
            return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    /** A key made for a project: the record, and the key itself, which is shown this once and never stored. */
    public record Issued(ApiKey key, String secret) {
    }

    /**
     * Makes a key for {@code projectId}.
     *
     * @param expiresAt null for a key that does not expire
     */
    @WithTransaction
    public Uni<Issued> issue(String projectId, String name, Instant expiresAt) {
        String secret = KEY_PREFIX + Ids.randomToken(40);
        ApiKey key = new ApiKey();
        key.id = Ids.newId(IdKind.API_KEY);
        key.projectId = projectId;
        key.keyHash = sha256(secret);
        key.keyHint = secret.substring(0, HINT_LENGTH);
        key.name = name;
        key.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        key.expiresAt = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MILLIS);
        return keys.persist(key).map(stored -> new Issued(stored, secret));
    }

    /** A project's keys, newest first, revoked ones included (with their revocation time). */
    @WithSession
    public Uni<List<ApiKey>> list(String projectId) {
        return keys.listByProject(projectId, MAX_LISTED);
    }

    /** Revokes a key of the project at once; null when the project has no such key. */
    @WithTransaction
    public Uni<ApiKey> revoke(String projectId, String id) {
        return keys.findInProject(projectId, id).map(key -> {
            if (key != null && key.revokedAt == null) {
                key.revokedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            }
            return key;
        }).call(key -> key == null ? Uni.createFrom().voidItem() : lookups.invalidate(key.keyHash));
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

package io.spindle.gateway.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    public Uni<ApiKey> findByHash(String keyHash) {
        return find("keyHash", keyHash).firstResult();
    }

    /** A project's keys, newest first (at most {@code limit}). */
    public Uni<List<ApiKey>> listByProject(String projectId, int limit) {
        return find("projectId = ?1 order by createdAt desc, id desc", projectId).page(0, limit).list();
    }

    public Uni<ApiKey> findInProject(String projectId, String id) {
        return find("projectId = ?1 and id = ?2", projectId, id).firstResult();
    }

    public Uni<Integer> touch(String id, Instant usedAt) {
        return update("lastUsedAt = ?1 where id = ?2", usedAt, id);
    }
}

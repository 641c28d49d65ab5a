package io.spindle.connections.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class ConnectionRepository implements PanacheRepositoryBase<Connection, String> {

    public Uni<Connection> findInProject(String projectId, String id) {
        return find("id = :id and projectId = :project", Parameters.with("id", id).and("project", projectId))
                .firstResult();
    }

    public Uni<Connection> findDefault(String projectId) {
        return find("projectId = :project and isDefault = true", Parameters.with("project", projectId)).firstResult();
    }

    /** Up to {@code limit} connections of the project, newest first, strictly after {@code cursor} if given. */
    public Uni<List<Connection>> page(String projectId, Connection cursor, int limit) {
        if (cursor == null) {
            return find("projectId = :project order by createdAt desc, id desc",
                    Parameters.with("project", projectId)).range(0, limit - 1).list();
        }
        return find("projectId = :project and (createdAt < :at or (createdAt = :at and id < :id))"
                        + " order by createdAt desc, id desc",
                Parameters.with("project", projectId).and("at", cursor.createdAt).and("id", cursor.id))
                .range(0, limit - 1).list();
    }

    /**
     * Serialises default changes within a project for the rest of the transaction (a transaction-scoped
     * advisory lock), so that concurrent "make default" requests cannot both win.
     */
    public Uni<Void> lockDefaults(String projectId) {
        return getSession().flatMap(session -> session
                .createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", "connections-default:" + projectId)
                .getSingleResult())
                .replaceWithVoid();
    }

    /** Clears the project's default flag on every connection but {@code keepId}. */
    public Uni<Integer> clearDefaults(String projectId, String keepId) {
        return update("isDefault = false, updatedAt = current_timestamp where projectId = :project and isDefault = true"
                + " and id <> :keep", Parameters.with("project", projectId).and("keep", keepId));
    }
}

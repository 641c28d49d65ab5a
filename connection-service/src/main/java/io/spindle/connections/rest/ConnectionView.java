package io.spindle.connections.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.spindle.connections.repository.Connection;
import java.time.Instant;

/** A connection as the API shows it. The secret is write-only: only a fixed mask is ever returned. */
public record ConnectionView(
        String id,
        String object,
        String kind,
        String name,
        String endpoint,
        String region,
        String accessKeyId,
        String secretAccessKey,
        String addressingStyle,
        @JsonProperty("is_default") boolean isDefault,
        Instant createdAt,
        Instant updatedAt) {

    public static final String OBJECT = "storage_connection";
    public static final String SECRET_MASK = "********";

    public static ConnectionView of(Connection c) {
        return new ConnectionView(c.id, OBJECT, c.kind, c.name, c.endpoint, c.region, c.accessKeyId, SECRET_MASK,
                c.addressingStyle, c.isDefault, c.createdAt, c.updatedAt);
    }
}

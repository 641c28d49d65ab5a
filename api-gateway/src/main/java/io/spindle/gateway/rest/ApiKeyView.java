package io.spindle.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.spindle.gateway.repository.ApiKey;
import java.time.Instant;

/**
 * An API key as the API shows it: its id, name and non-secret {@code prefix} (the key's first characters),
 * never the key itself, except in the answer to {@code POST /api-keys} ({@code key}, shown that once).
 */
public record ApiKeyView(
        String id,
        String object,
        String name,
        String prefix,
        @JsonInclude(JsonInclude.Include.NON_NULL) String key,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        Instant revokedAt) {

    public static final String OBJECT = "api_key";

    static ApiKeyView of(ApiKey key) {
        return of(key, null);
    }

    static ApiKeyView of(ApiKey key, String secret) {
        return new ApiKeyView(key.id, OBJECT, key.name, key.keyHint, secret, key.createdAt, key.expiresAt,
                key.lastUsedAt, key.revokedAt);
    }
}

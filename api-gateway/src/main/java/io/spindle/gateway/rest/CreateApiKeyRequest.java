package io.spindle.gateway.rest;

import java.time.Instant;

/** {@code POST /api-keys}: a name, and optionally when the key stops working. */
public record CreateApiKeyRequest(String name, Instant expiresAt) {
}

package io.spindle.contract;

/** The conventions of Spindle's service-to-service HTTP calls (never exposed through the gateway). */
public final class InternalApi {

    /** The project on whose behalf the gateway or a worker calls; always set by the caller, never by a client. */
    public static final String PROJECT_HEADER = "X-Spindle-Project";

    /** connection-service: the project's default connection (no secret), for the gateway's planner. */
    public static final String DEFAULT_CONNECTION_PATH = "/internal/connections/default";

    /** connection-service: decrypted credentials of one connection, for the workers. */
    public static final String CREDENTIALS_PATH = "/internal/connections/{id}/credentials";

    private InternalApi() {
    }
}

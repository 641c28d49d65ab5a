package io.spindle.servicekit.persistence;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a database that is away (down, restarting, unreachable, out of connections) from a statement that can
 * never succeed. The first passes with time: a consumer waits for it instead of dead-lettering the record, and an
 * API call answers 503 with {@code Retry-After}.
 */
public final class DatabaseFailures {

    /** SQLSTATE classes and codes of PostgreSQL that mean "not now" rather than "never". */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03");
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53");

    private DatabaseFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException
                    || t instanceof ClosedChannelException || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof DatabaseException db && db.getSqlState() != null) {
                String state = db.getSqlState();
                return TRANSIENT_STATES.contains(state) || state.length() >= 2
                        && TRANSIENT_CLASSES.contains(state.substring(0, 2));
            }
            String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (t.getClass().getName().startsWith("io.vertx.") && (message.contains("connection is closed")
                    || message.contains("connection refused") || message.contains("pool closed")
                    || message.contains("connection reset"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether {@code failure} is (or was caused by) a violation of the unique index or constraint named {@code name}. */
    public static boolean violates(Throwable failure, String name) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(name)) {
                return true;
            }
        }
        return false;
    }
}

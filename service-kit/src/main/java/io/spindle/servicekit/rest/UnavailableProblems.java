package io.spindle.servicekit.rest;

import io.spindle.contract.Problem;
import io.spindle.servicekit.persistence.DatabaseFailures;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import org.hibernate.HibernateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What a request needs is away (the service's database restarting or unreachable, out of connections, or
 * another service not answering): 503 with {@code Retry-After}, so that clients, and the workers asking
 * connection-service for credentials, try again instead of taking it for a bug. Anything else from the
 * database is a 500.
 */
public class UnavailableProblems {

    private static final Logger LOG = Logger.getLogger(UnavailableProblems.class);

    @ServerExceptionMapper({ ConnectException.class, PersistenceException.class, HibernateException.class,
        io.vertx.sqlclient.DatabaseException.class, io.vertx.sqlclient.ClosedConnectionException.class,
        io.vertx.core.VertxException.class })
    public Response unavailable(Exception e) {
        if (!DatabaseFailures.isTransient(e)) {
            LOG.error("database failure", e);
            return ProblemMappers.respond(Problem.of(500, "Internal error", "internal_error",
                    "The request could not be completed; the failure has been logged."));
        }
        LOG.warnf("a dependency is unavailable: %s", e.getMessage());
        return retryLater("A service this request needs is not reachable just now; try again shortly.");
    }

    /** 503 {@code service_unavailable} with {@code Retry-After: 5}. */
    public static Response retryLater(String detail) {
        return Response.fromResponse(ProblemMappers.respond(Problem.of(503, "Service unavailable",
                "service_unavailable", detail))).header("Retry-After", "5").build();
    }
}

package io.spindle.gateway.rest;

import io.spindle.contract.Problem;
import io.spindle.servicekit.rest.ProblemMappers;
import io.spindle.servicekit.rest.UnavailableProblems;
import jakarta.ws.rs.ProcessingException;
import java.util.concurrent.TimeoutException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** An internal service (connection-service) that cannot be reached is a temporary failure for the client: 503. */
public class UpstreamProblems {

    private static final Logger LOG = Logger.getLogger(UpstreamProblems.class);

    @ServerExceptionMapper(ProcessingException.class)
    public Response unreachable(Exception e) {
        if (e.getCause() instanceof TimeoutException || e instanceof ProcessingException
                && e.getCause() instanceof io.netty.handler.timeout.TimeoutException) {
            return timedOut(e);
        }
        LOG.warnf("internal service unreachable: %s", e.getMessage());
        return UnavailableProblems.retryLater("A Spindle service needed for this request is not reachable; try"
                + " again shortly.");
    }

    @ServerExceptionMapper({ TimeoutException.class, io.netty.handler.timeout.TimeoutException.class })
    public Response timedOut(Exception e) {
        LOG.warnf("internal service timed out: %s", e.getMessage());
        return ProblemMappers.respond(Problem.of(504, "Timed out", "timeout",
                "A Spindle service needed for this request did not answer in time; try again."));
    }
}

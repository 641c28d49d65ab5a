package io.spindle.connections.rest;

import io.spindle.servicekit.crypto.SecretUnavailableException;
import io.spindle.contract.Problem;
import io.spindle.servicekit.rest.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A secret that cannot be opened is an operator problem (key configuration or tampering), not a client's. */
public class SecretProblems {

    private static final Logger LOG = Logger.getLogger(SecretProblems.class);

    @ServerExceptionMapper
    public Response secretUnavailable(SecretUnavailableException e) {
        LOG.errorf("connection secret unavailable: %s", e.getMessage());
        return ProblemMappers.respond(Problem.of(500, "Secret unavailable", "secret_unavailable",
                "The connection's secret cannot be decrypted: " + e.getMessage()
                        + ". Re-enter the secret with PATCH, or restore the missing key."));
    }
}

package io.spindle.gateway.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.Problem;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.RunRequest;
import io.spindle.gateway.service.OutboxWriter;
import io.spindle.gateway.service.RunRejection;
import io.spindle.gateway.service.RunService;
import io.spindle.servicekit.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Plans the runs other systems request on {@code run-requests}, exactly as {@code POST /runs} does. A request
 * with an {@code id} is planned once, however often it is sent. A request that cannot be planned is not
 * dropped: a {@code run.rejected} event with the reasons goes to {@code task-events}, and the record goes to
 * {@code run-requests-dlq} (failure-strategy dead-letter-queue, the reason in its headers). While the database
 * is away the request waits, however long; what else may pass (connection-service briefly unavailable) is tried
 * again a few times with backoff first.
 */
@ApplicationScoped
public class RunRequestConsumer {

    private static final Logger LOG = Logger.getLogger(RunRequestConsumer.class);

    private final RunService runs;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final ConsumerRetries retries;

    public RunRequestConsumer(RunService runs, OutboxWriter outbox, OutboxRelay relay, ConsumerRetries retries) {
        this.runs = runs;
        this.outbox = outbox;
        this.relay = relay;
        this.retries = retries;
    }

    @Incoming("run-requests")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        RunRequest request;
        try {
            request = PipelineJson.read(record.value(), RunRequest.class);
        } catch (PipelineJson.MalformedRecordException e) {
            return reject(null, null, record.key(), Problem.invalidInput(e.getMessage(), List.of()));
        }
        return retries.apply(() -> runs.request(request), RunRequestConsumer::mayPass, e -> LOG.warnf("run request %s"
                + " of project %s waits for the database: %s", request.id(), request.projectId(), e.getMessage()))
                .invoke(created -> LOG.infof("run request %s of project %s: %s run %s", request.id(),
                        request.projectId(), created.isNew() ? "planned as" : "planned earlier as",
                        created.value().id()))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> reject(request.id(), request.projectId(), record.key(), problem(e)));
    }

    /**
     * Announces the rejection (durably, through the outbox; keyed by the request's id, else the record's key),
     * then fails the record into the DLQ.
     */
    private Uni<Void> reject(String id, String projectId, String recordKey, Problem problem) {
        Instant now = Instant.now();
        RunRejection rejection = new RunRejection(RunRejection.OBJECT, id, projectId, problem.kind(), problem.detail(),
                problem.errors(), now);
        LOG.warnf("run request %s of project %s rejected: %s: %s", id, projectId, problem.kind(), problem.detail());
        String key = id != null ? id : recordKey != null ? recordKey : "unidentified";
        return Panache.withTransaction(() -> outbox.batch().rejected(rejection, key, now).write())
                .invoke(relay::nudge)
                .onFailure().invoke(e -> LOG.errorf("run.rejected for request %s not recorded: %s", id,
                        e.getMessage()))
                .onItemOrFailure().transformToUni((ignored, failure) -> Uni.createFrom().failure(
                        new RunRejectedException(problem.kind() + ": " + problem.detail())));
    }

    private static boolean mayPass(Throwable failure) {
        return !(failure instanceof ApiException api) || api.problem().status() >= 500;
    }

    private static Problem problem(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api.problem();
        }
        return Problem.of(503, "Service unavailable", "service_unavailable", "The request could not be planned now ("
                + failure.getClass().getSimpleName() + "); send it again, with the same id, later.");
    }

    /** The reason a record goes to the dead-letter topic. */
    static final class RunRejectedException extends RuntimeException {
        RunRejectedException(String message) {
            super(message, null, false, false);
        }
    }
}

package io.spindle.gateway;

import static io.spindle.gateway.GatewayClient.api;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.gateway.events.EventLog;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Events past their retention are deleted; younger ones stay. */
@QuarkusTest
@RealInfrastructure
class EventRetentionTest {

    @Inject
    EventLog events;

    @Test
    void theSweepDeletesEventsOlderThanTheRetentionAndKeepsTheRest() throws Throwable {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String old = Ids.newId(IdKind.EVENT);
        String fresh = Ids.newId(IdKind.EVENT);
        byte[] data = "{\"id\":\"run_abcdefgh12345678\"}".getBytes(StandardCharsets.UTF_8);
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> events.record(old, "run.created",
                GatewayClient.PROJECT_A, null, null, data, now.minus(Duration.ofDays(31)))
                .call(() -> events.record(fresh, "run.created", GatewayClient.PROJECT_A, null, null, data,
                        now.minus(Duration.ofDays(29))))));
        api().get("/events/" + old).then().statusCode(200);

        long deleted = VertxContextSupport.subscribeAndAwait(() -> events.sweepBefore(now.minus(Duration.ofDays(30))));
        assertThat(deleted).isGreaterThanOrEqualTo(1);
        api().get("/events/" + old).then().statusCode(404);
        api().get("/events/" + fresh).then().statusCode(200);
    }
}

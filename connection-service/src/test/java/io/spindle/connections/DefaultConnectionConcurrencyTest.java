package io.spindle.connections;

import static io.spindle.connections.Api.as;
import static io.spindle.connections.Api.connectionBody;
import static io.spindle.connections.Api.create;
import static io.spindle.connections.Api.newProject;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** However many "make default" requests race, a project ends with exactly one default, and none fails. */
@QuarkusTest
@RealInfrastructure
class DefaultConnectionConcurrencyTest {

    @Test
    void concurrentDefaultChangesLeaveExactlyOneDefault() throws Exception {
        String project = newProject();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(create(project, connectionBody("c" + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> statuses = new ArrayList<>();
                for (String id : ids) {
                    statuses.add(pool.submit(() -> {
                        start.await();
                        return as(project).body(Map.of("is_default", true)).patch("/connections/" + id).statusCode();
                    }));
                }
                start.countDown();
                for (Future<Integer> status : statuses) {
                    assertThat(status.get()).isEqualTo(200);
                }
                List<Boolean> defaults = as(project).queryParam("limit", 100).get("/connections")
                        .then().statusCode(200).extract().path("data.is_default");
                assertThat(defaults).hasSize(8);
                assertThat(defaults.stream().filter(Boolean::booleanValue).count()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.herald.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.webhook.support.Receiver;
import dev.herald.webhook.support.ReceiverTest;

/** The tenant's changes to an endpoint and the dispatcher's records of its health, written at the same moment. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class EndpointRaceTest extends ReceiverTest {

    private static final int ROUNDS = 40;

    @Test
    void shouldKeepTheTenantsChangeWhenAnAttemptIsRecordedAtTheSameMoment() throws Exception {
        String id = (String) tenant.register(receiver.url("/race")).get("id");
        String path = "/v1/webhooks/" + id;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<String> lost = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                // Every recorded attempt changes the endpoint's failure streak: a 500 starts it, a 204 ends it.
                receiver.answer("/race", Receiver.Answer.status(round % 2 == 0 ? 500 : 204));
                int current = round;
                String last = "round " + current + " edit 3";
                CyclicBarrier start = new CyclicBarrier(2);
                Future<?> attempt = threads.submit(() -> {
                    start.await();
                    tenant.api().post(path + "/test").then().statusCode(200);
                    return null;
                });
                Future<?> edits = threads.submit(() -> {
                    start.await();
                    for (int edit = 1; edit <= 3; edit++) {
                        tenant.api()
                                .body(Map.of("description", "round " + current + " edit " + edit))
                                .patch(path)
                                .then()
                                .statusCode(200);
                    }
                    return null;
                });
                attempt.get(30, TimeUnit.SECONDS);
                edits.get(30, TimeUnit.SECONDS);
                Object kept = tenant.endpoint(id).get("description");
                if (!last.equals(kept)) {
                    lost.add(last + " became " + kept);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(List.of(), lost, "the tenant's last edit survives the attempt recorded beside it");
    }
}

package dev.herald.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.repository.EndpointRepository;
import dev.herald.webhook.endpoint.service.EndpointService;
import dev.herald.webhook.support.Receiver;
import dev.herald.webhook.support.ReceiverTest;

/** The tenant's change of an endpoint and the dispatcher's record of its health, in transactions open at once. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class EndpointRaceTest extends ReceiverTest {

    @Inject
    EndpointService service;

    @Inject
    EndpointRepository endpoints;

    @Test
    void shouldKeepBothChangesWhenAnAttemptIsRecordedWhileTheTenantEditsTheEndpoint() throws Exception {
        receiver.answer("/race", Receiver.Answer.status(500));
        String id = (String) tenant.register(receiver.url("/race")).get("id");
        CompletableFuture<Void> attempt = new CompletableFuture<>();

        QuarkusTransaction.requiringNew().run(() -> {
            // The tenant's edit, its transaction still open while a test event is sent and its 500 recorded (the
            // record starts the endpoint's failure streak).
            service.update(tenant.workspace(), id, false, new EndpointService.Settings(null, "edited", null, null));
            CompletableFuture.runAsync(() -> {
                tenant.api().post("/v1/webhooks/" + id + "/test").then().statusCode(200);
                attempt.complete(null);
            });
            try {
                // Unlocked, the record commits meanwhile; with the row locked it waits for this commit instead.
                await().atMost(Duration.ofSeconds(3)).until(attempt::isDone);
            } catch (ConditionTimeoutException waitingForTheLock) {
                // the record waits: committing lets it go on
            }
        });
        attempt.get(30, TimeUnit.SECONDS);

        Endpoint endpoint = QuarkusTransaction.requiringNew().call(() -> endpoints.findById(id));
        assertEquals("edited", endpoint.description(), "the tenant's edit");
        assertNotNull(endpoint.failingSince(), "the recorded failure");
    }
}

package dev.herald.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.testsupport.HeraldInfraResource;

/**
 * The gateway writes no events, so the service kit's outbox relay must not poll its empty outbox: that query, once a
 * second on a worker thread, was work on the gateway's cores for nothing.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class OutboxPollTest {

    @Inject
    Scheduler scheduler;

    @Test
    void shouldNotScheduleTheOutboxPollWhenTheGatewayWritesNoEvents() {
        List<String> scheduled = scheduler.getScheduledJobs().stream()
                .map(Trigger::getMethodDescription)
                .toList();
        // The gateway's own jobs still run, so the list below is the real one.
        assertTrue(scheduled.stream().anyMatch(method -> method.contains("KeyUsage")), () -> "scheduled: " + scheduled);
        assertFalse(
                scheduled.stream().anyMatch(method -> method.contains("OutboxRelay")), () -> "scheduled: " + scheduled);
    }
}

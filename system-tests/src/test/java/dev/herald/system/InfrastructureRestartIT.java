package dev.herald.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.herald.testsupport.HeraldStack;

/**
 * "No post lost, no post published twice", proven against infrastructure restarts in the middle of a run: the Kafka
 * broker (every producer and consumer loses its connection, every consumer group its coordinator), then PostgreSQL
 * (a fast shutdown cuts every pooled connection, so platform calls in progress may end with an unknown outcome). Each
 * is down for {@value #DOWNTIME_SECONDS} s and comes back on the same port and data folder; the services must recover
 * on their own, and the sandbox counts how many times each destination reached it.
 */
class InfrastructureRestartIT {

    private static final String ADMIN_TOKEN = "restarts-" + UUID.randomUUID();
    private static final int ACCOUNTS = 10;
    private static final int POSTS = 100;
    private static final int DOWNTIME_SECONDS = 5;
    private static HeraldStack stack;

    @BeforeAll
    static void start() {
        stack = BulkPublishing.faultTestStack("restarts", ADMIN_TOKEN);
        stack.startAll();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldPublishEveryDestinationExactlyOnceWhenKafkaRestartsMidRun() {
        publishThrough("Kafka restart", () -> stack.restartKafka(Duration.ofSeconds(DOWNTIME_SECONDS)));
    }

    @Test
    void shouldPublishEveryDestinationExactlyOnceWhenPostgresRestartsMidRun() {
        publishThrough("PostgreSQL restart", () -> stack.restartPostgres(Duration.ofSeconds(DOWNTIME_SECONDS)));
    }

    /** A bulk run in a workspace of its own, with {@code restart} once a tenth of it has reached the platform. */
    private static void publishThrough(String fault, Runnable restart) {
        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, fault);
        // Due a little later, so the restart lands in the middle of publishing, not of creating.
        BulkPublishing run = BulkPublishing.schedule(tenant, ACCOUNTS, POSTS, Duration.ofSeconds(10));
        int destinations = run.destinations();

        int beforeRestart = run.awaitPublications(destinations / 10);
        restart.run();
        assertTrue(
                beforeRestart < destinations,
                fault + " mid-run, " + beforeRestart + " of " + destinations + " done just before");

        run.assertEveryDestinationPublishedExactlyOnce();
    }
}

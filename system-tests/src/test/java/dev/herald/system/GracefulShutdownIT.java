package dev.herald.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.herald.testsupport.HeraldStack;
import dev.herald.testsupport.LocalPostgres;

/**
 * A rolling deploy's SIGTERM to the publisher in the middle of a burst (issue 10): the publishes under way finish and
 * are recorded, the Kafka consumer leaves its group, the process exits 0 well within the Kubernetes grace period, and
 * after the restart every destination reaches the platform exactly once.
 */
class GracefulShutdownIT {

    private static final String ADMIN_TOKEN = "shutdown-" + UUID.randomUUID();
    private static final int ACCOUNTS = 8;
    private static final int POSTS = 25;
    /** k8s/base/services/publisher-service/deployment.yaml terminationGracePeriodSeconds, less the 5 s preStop. */
    private static final Duration GRACE = Duration.ofSeconds(75);

    private static HeraldStack stack;

    @BeforeAll
    static void start() {
        stack = BulkPublishing.faultTestStack("shutdown", ADMIN_TOKEN)
                // Each platform call takes long enough that SIGTERM always finds some under way.
                .environment("publisher-service", "HERALD_PUBLISHER_SANDBOX_LATENCY", "400ms");
        stack.startAll();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldFinishInFlightPublishesExitZeroAndPublishEachDestinationOnceWhenThePublisherGetsSigtermMidBurst()
            throws Exception {
        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, "Rolling deploy");
        BulkPublishing run = BulkPublishing.schedule(tenant, ACCOUNTS, POSTS, Duration.ofSeconds(10));
        int destinations = run.destinations();
        assertEquals(200, destinations);

        run.awaitPublications(destinations / 5);
        int inFlightAtSigterm = ledgerRows("in_flight");
        Instant sigterm = Instant.now();
        int exitCode = stack.terminateService("publisher-service", GRACE);
        Duration took = Duration.between(sigterm, Instant.now());

        assertEquals(0, exitCode, "a clean stop exits 0");
        assertTrue(took.compareTo(GRACE) < 0, "stopped within the grace period: " + took);
        assertTrue(inFlightAtSigterm > 0, "SIGTERM landed while platform calls were under way");
        assertEquals(0, ledgerRows("in_flight"), "every publish under way finished and was recorded before the exit");
        assertTrue(
                publisherGroup().members().isEmpty(), "the consumer left its group (no wait for the session timeout)");
        // The sandbox's own list is served by the publisher, which is down: its ledger tells instead.
        int published = ledgerRows("published");
        assertTrue(published < destinations, "stopped mid-burst: " + published + " of " + destinations);
        System.out.printf(
                "SIGTERM with %d publishes under way, %d of %d published; exited %d after %d ms%n",
                inFlightAtSigterm, published, destinations, exitCode, took.toMillis());

        stack.startServices(List.of("publisher-service"));
        run.assertEveryDestinationPublishedExactlyOnce();
    }

    private static int ledgerRows(String state) throws SQLException {
        try (Connection db = DriverManager.getConnection(
                        stack.postgresJdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
                var query = db.prepareStatement("SELECT count(*) FROM publisher.publish_ledger WHERE state = ?")) {
            query.setString(1, state);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static ConsumerGroupDescription publisherGroup() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            return admin.describeConsumerGroups(List.of("publisher-service"))
                    .describedGroups()
                    .get("publisher-service")
                    .get();
        }
    }
}

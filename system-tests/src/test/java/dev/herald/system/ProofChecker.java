package dev.herald.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.herald.testsupport.HeraldStack;
import dev.herald.testsupport.LocalPostgres;

/**
 * Reads the whole history of one workspace's run straight from every service's tables (and the sandbox platform's,
 * which records each call it received) and checks the properties Herald promises, one summary line each. It only
 * reads; it never decides an outcome.
 */
final class ProofChecker {

    /** One checked property: how many items held it, and the first few that did not. */
    record Property(String name, int passed, List<String> failures) {

        String summary() {
            return String.format(
                    "%-44s %6d passed, %d failed%s",
                    name,
                    passed,
                    failures.size(),
                    failures.isEmpty() ? "" : "  e.g. " + failures.subList(0, Math.min(5, failures.size())));
        }
    }

    private static final Set<String> FINAL_POST = Set.of("published", "partial", "failed", "canceled");
    private static final Set<String> POST_OUTCOME_EVENTS =
            Set.of("post.published", "post.partially_published", "post.failed", "post.canceled");

    private final HeraldStack stack;
    private final String workspaceId;

    ProofChecker(HeraldStack stack, String workspaceId) {
        this.stack = stack;
        this.workspaceId = workspaceId;
    }

    /** Posts of the workspace not in a final state yet (the run is over when none is left). */
    int unfinishedPosts() throws SQLException {
        try (Connection db = connect()) {
            return count(
                    db,
                    "SELECT count(*) FROM post.post WHERE workspace_id = ? AND status NOT IN"
                            + " ('published', 'partial', 'failed', 'canceled')");
        }
    }

    /** Deliveries of the workspace still to send (the webhooks are over when none is left). */
    int pendingDeliveries() throws SQLException {
        try (Connection db = connect()) {
            return count(
                    db, "SELECT count(*) FROM webhook.webhook_delivery WHERE workspace_id = ? AND status = 'pending'");
        }
    }

    /**
     * @param acknowledged every post id the API acknowledged (201) during the run
     * @param receivedWebhookIds every {@code webhook-id} the tenant's endpoint received
     * @param stubPublications per destination, the publications a platform stub of the test counted (platforms other
     *     than the sandbox, whose own table is read here)
     * @param unknownOutcomes filled with the destinations reported {@code unknown_outcome} (listed, not failures)
     */
    List<Property> check(
            Set<String> acknowledged,
            Set<String> receivedWebhookIds,
            Map<String, Integer> stubPublications,
            List<String> unknownOutcomes)
            throws SQLException {
        List<Property> properties = new ArrayList<>();
        try (Connection db = connect()) {
            properties.add(everyPostFinal(db, acknowledged));
            properties.add(platformCountsMatch(db, stubPublications, unknownOutcomes));
            properties.add(everyWebhookDelivered(db, receivedWebhookIds));
            properties.add(nothingStuck(db));
            properties.add(noAcknowledgedEventLost(db, acknowledged));
        }
        return properties;
    }

    private Property everyPostFinal(Connection db, Set<String> acknowledged) throws SQLException {
        Map<String, String> status = new HashMap<>();
        query(
                db,
                "SELECT id, status FROM post.post WHERE workspace_id = ?",
                rs -> status.put(rs.getString(1), rs.getString(2)));
        List<String> failures = new ArrayList<>();
        int passed = 0;
        for (String post : acknowledged) {
            String s = status.get(post);
            if (s != null && FINAL_POST.contains(s)) {
                passed++;
            } else {
                failures.add(post + "=" + s);
            }
        }
        return new Property("every acknowledged post ends in a final state", passed, failures);
    }

    /**
     * The platform side: exactly one publication for every published destination, none for a failed one — except
     * those failed as {@code unknown_outcome}, where Herald could not tell and says so (listed apart).
     */
    private Property platformCountsMatch(
            Connection db, Map<String, Integer> stubPublications, List<String> unknownOutcomes) throws SQLException {
        Map<String, Integer> calls = new HashMap<>(stubPublications);
        query(
                db,
                "SELECT destination_id, count(*) FROM publisher.sandbox_post WHERE workspace_id = ? GROUP BY destination_id",
                rs -> calls.merge(rs.getString(1), rs.getInt(2), Integer::sum));
        List<String> failures = new ArrayList<>();
        int[] passed = {0};
        String sql = "SELECT d.id, d.status, d.error_code, p.caption LIKE '%[sandbox:timeout-unsearchable]%'"
                + " FROM post.destination d JOIN post.post p ON p.id = d.post_id WHERE d.workspace_id = ?";
        query(db, sql, rs -> {
            String id = rs.getString(1);
            String status = rs.getString(2);
            int count = calls.getOrDefault(id, 0);
            if ("published".equals(status) && count == 1) {
                passed[0]++;
            } else if ("failed".equals(status) && "unknown_outcome".equals(rs.getString(3))) {
                unknownOutcomes.add(id + (rs.getBoolean(4) ? " [sandbox:timeout-unsearchable]" : " (a fault's)")
                        + " platform received " + count);
                passed[0]++;
            } else if ("failed".equals(status) && count == 0) {
                passed[0]++;
            } else {
                failures.add(id + " " + status + " " + rs.getString(3) + " on the platform " + count + "x");
            }
        });
        return new Property("platform: one per published, none per failed", passed[0], failures);
    }

    /** Every delivery the webhook-service recorded for the workspace reached the endpoint at least once. */
    private Property everyWebhookDelivered(Connection db, Set<String> received) throws SQLException {
        List<String> failures = new ArrayList<>();
        int[] passed = {0};
        query(db, "SELECT id, status FROM webhook.webhook_delivery WHERE workspace_id = ?", rs -> {
            if (received.contains(rs.getString(1))) {
                passed[0]++;
            } else {
                failures.add(rs.getString(1) + " " + rs.getString(2));
            }
        });
        return new Property("every webhook-id delivered at least once", passed[0], failures);
    }

    /** A kind of row none of which may be left once the run is over: what it is, and the query that counts them. */
    private record StuckRows(String what, String countSql) {}

    /** No row left half-way: no destination queued or due, no ledger row in flight, no delivery or event unsent. */
    private Property nothingStuck(Connection db) throws SQLException {
        List<String> failures = new ArrayList<>();
        int checks = 0;
        List<StuckRows> stuck = List.of(
                new StuckRows(
                        "destinations queued, scheduled or retrying",
                        "SELECT count(*) FROM post.destination WHERE workspace_id = ?"
                                + " AND status IN ('queued', 'scheduled', 'retrying')"),
                new StuckRows(
                        "ledger rows in_flight",
                        "SELECT count(*) FROM publisher.publish_ledger WHERE workspace_id = ? AND state = 'in_flight'"),
                new StuckRows(
                        "deliveries pending",
                        "SELECT count(*) FROM webhook.webhook_delivery WHERE workspace_id = ? AND status = 'pending'"));
        for (StuckRows check : stuck) {
            checks++;
            int count = count(db, check.countSql());
            if (count > 0) {
                failures.add(count + " " + check.what());
            }
        }
        List<String> schemas = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement(
                        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox'");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
        }
        for (String schema : schemas) {
            checks++;
            // Events held for later (a retry's not_before) may wait; none that is due may be left unsent.
            int due = countAll(
                    db, "SELECT count(*) FROM " + schema + ".outbox WHERE coalesce(not_before, now()) <= now()");
            if (due > 0) {
                failures.add(due + " due events unsent in " + schema + ".outbox");
            }
        }
        return new Property("nothing stuck (rows and outboxes)", checks - failures.size(), failures);
    }

    /**
     * Every post the API acknowledged reached the webhook-service's event feed with its outcome, and every destination
     * with its own: the events went through each outbox, Kafka and each consumer, across every fault.
     */
    private Property noAcknowledgedEventLost(Connection db, Set<String> acknowledged) throws SQLException {
        Set<String> postsWithOutcome = new HashSet<>();
        Set<String> destinationsWithOutcome = new HashSet<>();
        String sql = "SELECT type, payload::jsonb #>> '{data,id}', payload::jsonb #>> '{data,destination_id}'"
                + " FROM webhook.webhook_event WHERE workspace_id = ?";
        query(db, sql, rs -> {
            String type = rs.getString(1);
            if (POST_OUTCOME_EVENTS.contains(type)) {
                postsWithOutcome.add(rs.getString(2));
            } else if ("destination.published".equals(type) || "destination.failed".equals(type)) {
                destinationsWithOutcome.add(rs.getString(3));
            }
        });
        List<String> failures = new ArrayList<>();
        int passed = 0;
        for (String post : acknowledged) {
            if (postsWithOutcome.contains(post)) {
                passed++;
            } else {
                failures.add("no outcome event for " + post);
            }
        }
        List<String> destinations = new ArrayList<>();
        query(
                db,
                "SELECT id FROM post.destination WHERE workspace_id = ? AND status IN ('published', 'failed')",
                rs -> destinations.add(rs.getString(1)));
        for (String destination : destinations) {
            if (destinationsWithOutcome.contains(destination)) {
                passed++;
            } else {
                failures.add("no outcome event for " + destination);
            }
        }
        return new Property("no acknowledged event lost (post + destination)", passed, failures);
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(Connection db, String sql, Row row) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, workspaceId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        }
    }

    private int count(Connection db, String sql) throws SQLException {
        int[] count = {0};
        query(db, sql, rs -> count[0] = rs.getInt(1));
        return count[0];
    }

    private static int countAll(Connection db, String sql) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(stack.postgresJdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
    }
}

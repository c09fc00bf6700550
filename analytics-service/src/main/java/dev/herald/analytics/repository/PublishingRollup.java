package dev.herald.analytics.repository;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The daily publishing rollups ({@code publishing_outcome_day}, {@code publishing_delay_day}), moved in step with
 * {@code publish_record}: the caller reads what some records contribute, changes them, reads again and hands both
 * readings to {@link #move}, all in its own transaction, so the rollups never drift from the records. A batch of
 * changes may be read and moved at once: the differences add up.
 */
@ApplicationScoped
public class PublishingRollup {

    private static final String CONTRIBUTION = "SELECT workspace_id, (updated_at AT TIME ZONE 'UTC')::date, platform,"
            + " status, CASE WHEN status = 'published' THEN '' ELSE coalesce(error_code, 'unknown') END,"
            + " CASE WHEN status = 'published' AND due_at IS NOT NULL AND published_at IS NOT NULL"
            + " THEN publishing_delay_bucket(greatest(0, extract(EPOCH FROM published_at - due_at))::numeric) END"
            + " FROM publish_record WHERE status IN ('published', 'failed') AND ";

    private final EntityManager entityManager;

    public PublishingRollup(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** What one destination's record adds to the rollups (one outcome, and a delay once both times are known). */
    public record Contribution(
            String workspaceId,
            LocalDate day,
            String platform,
            String status,
            String errorCode,
            BigDecimal delaySeconds) {}

    public List<Contribution> ofDestinations(Collection<String> destinationIds) {
        return read("destination_id IN (:keys)", destinationIds);
    }

    public List<Contribution> ofPosts(Collection<String> postIds) {
        return read("post_id IN (:keys)", postIds);
    }

    /**
     * Takes what {@code before} added out of the rollups and puts {@code after} in. Rows are touched in one fixed
     * order, so two consumers moving counts of the same days cannot deadlock.
     */
    public void move(List<Contribution> before, List<Contribution> after) {
        Map<String, Delta> deltas = new TreeMap<>();
        before.forEach(contribution -> add(deltas, contribution, -1));
        after.forEach(contribution -> add(deltas, contribution, 1));
        deltas.values().stream()
                .filter(delta -> delta.count != 0)
                .sorted(Comparator.comparing(Delta::sortKey))
                .forEach(this::apply);
    }

    private List<Contribution> read(String where, Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery(CONTRIBUTION + where)
                .setParameter("keys", keys)
                .getResultList();
        List<Contribution> contributions = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            contributions.add(new Contribution(
                    (String) row[0],
                    SqlValues.date(row[1]),
                    (String) row[2],
                    (String) row[3],
                    (String) row[4],
                    row[5] == null ? null : new BigDecimal(row[5].toString())));
        }
        return contributions;
    }

    private static void add(Map<String, Delta> deltas, Contribution contribution, int sign) {
        Delta outcome = new Delta(contribution, false);
        deltas.computeIfAbsent(outcome.sortKey(), key -> outcome).count += sign;
        if (contribution.delaySeconds() != null) {
            Delta delay = new Delta(contribution, true);
            deltas.computeIfAbsent(delay.sortKey(), key -> delay).count += sign;
        }
    }

    private void apply(Delta delta) {
        Contribution c = delta.contribution;
        if (delta.delay) {
            entityManager
                    .createNativeQuery("INSERT INTO publishing_delay_day (workspace_id, day, delay_seconds, count)"
                            + " VALUES (:workspace, :day, :delay, :count) ON CONFLICT (workspace_id, day, delay_seconds)"
                            + " DO UPDATE SET count = publishing_delay_day.count + EXCLUDED.count")
                    .setParameter("workspace", c.workspaceId())
                    .setParameter("day", c.day())
                    .setParameter("delay", c.delaySeconds())
                    .setParameter("count", (long) delta.count)
                    .executeUpdate();
        } else {
            entityManager
                    .createNativeQuery(
                            "INSERT INTO publishing_outcome_day (workspace_id, day, platform, status, error_code, count)"
                                    + " VALUES (:workspace, :day, :platform, :status, :error, :count)"
                                    + " ON CONFLICT (workspace_id, day, platform, status, error_code)"
                                    + " DO UPDATE SET count = publishing_outcome_day.count + EXCLUDED.count")
                    .setParameter("workspace", c.workspaceId())
                    .setParameter("day", c.day())
                    .setParameter("platform", c.platform())
                    .setParameter("status", c.status())
                    .setParameter("error", c.errorCode())
                    .setParameter("count", (long) delta.count)
                    .executeUpdate();
        }
    }

    /** A count change of one rollup row; the key names the row (numeric delays by value: 38 and 38.0 are one row). */
    private static final class Delta {
        private final Contribution contribution;
        private final boolean delay;
        private int count;

        Delta(Contribution contribution, boolean delay) {
            this.contribution = contribution;
            this.delay = delay;
        }

        String sortKey() {
            Contribution c = contribution;
            return delay
                    ? String.join(
                            "\u0000",
                            "d",
                            c.workspaceId(),
                            c.day().toString(),
                            Objects.toString(
                                    c.delaySeconds().stripTrailingZeros().toPlainString()))
                    : String.join(
                            "\u0000",
                            "o",
                            c.workspaceId(),
                            c.day().toString(),
                            c.platform(),
                            c.status(),
                            c.errorCode());
        }
    }
}

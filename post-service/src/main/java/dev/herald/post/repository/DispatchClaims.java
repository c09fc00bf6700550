package dev.herald.post.repository;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import dev.herald.events.PublishRequest;
import dev.herald.post.Post;
import dev.herald.post.PostContent;

/**
 * The dispatcher's hot path in plain SQL: claiming due destinations and marking them queued is one statement
 * ({@code UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED) … RETURNING}), and their posts become {@code publishing}
 * in one more. Entity-by-entity work costs ~3× more per destination (measured in docs/benchmarks.md); the transitions
 * are the same as {@link dev.herald.post.Destination#markQueued} (scheduled/retrying → queued, attempts + 1).
 */
@ApplicationScoped
public class DispatchClaims {

    private static final String CLAIM = """
            WITH due AS (
                SELECT d.id FROM destination d
                WHERE d.status IN ('scheduled', 'retrying') AND d.due_at <= now() + ?::interval
                  AND NOT EXISTS (SELECT 1 FROM post p JOIN queue q ON q.id = p.queue_id
                                  WHERE p.id = d.post_id AND q.paused)
                ORDER BY d.due_at
                LIMIT ?
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE destination d
               SET status = 'queued', attempts = d.attempts + 1, next_retry_at = NULL, updated_at = now(),
                   version = d.version + 1
              FROM due, post p
             WHERE d.id = due.id AND p.id = d.post_id
            RETURNING d.id, d.post_id, d.workspace_id, d.account_id, d.platform, d.attempts, d.due_at,
                      p.mode, p.caption, p.platform_options, p.content
            """;

    // A post with a queued destination is publishing (PostStatus.derive), whatever it was before.
    private static final String POSTS_PUBLISHING = "UPDATE post SET status = 'publishing', updated_at = now(),"
            + " version = version + 1 WHERE id = ANY(?) AND status <> 'publishing'";

    private final EntityManager entityManager;

    public DispatchClaims(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Claims and queues up to {@code limit} destinations due within {@code lookahead} (earliest first); returns their
     * publish requests, which carry their due time.
     */
    public List<PublishRequest> claimAndQueue(int limit, Duration lookahead) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            List<PublishRequest> requests = new ArrayList<>();
            Set<String> posts = new LinkedHashSet<>();
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setString(1, lookahead.toMillis() + " milliseconds");
                claim.setInt(2, limit);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        requests.add(toRequest(rows));
                        posts.add(rows.getString("post_id"));
                    }
                }
            }
            if (!posts.isEmpty()) {
                markPublishing(connection, posts);
            }
            return requests;
        });
    }

    private static PublishRequest toRequest(ResultSet row) throws SQLException {
        String accountId = row.getString("account_id");
        String platform = row.getString("platform");
        PostContent content = PostContent.fromJson(row.getString("content"));
        Instant due = row.getObject("due_at", java.time.OffsetDateTime.class).toInstant();
        return new PublishRequest(
                row.getString("workspace_id"),
                row.getString("post_id"),
                row.getString("id"),
                accountId,
                platform,
                row.getString("mode"),
                content.captionFor(accountId, row.getString("caption")),
                row.getInt("attempts"),
                due,
                Post.optionsFor(row.getString("platform_options"), platform),
                content.forAccount(accountId));
    }

    private static void markPublishing(Connection connection, Set<String> posts) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(POSTS_PUBLISHING)) {
            Array ids = connection.createArrayOf("text", posts.toArray());
            update.setArray(1, ids);
            update.executeUpdate();
        }
    }
}

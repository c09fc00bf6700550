package dev.herald.publisher.connector.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.herald.events.MetricsRequest;
import dev.herald.events.PublishRequest;
import dev.herald.kit.id.Ids;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.PlatformConnector;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.metrics.MetricsOutcome;

/**
 * The built-in sandbox platform for test mode, also behind sandbox accounts that impersonate a real platform (the
 * permalink then has that platform's shape, see {@link SandboxPermalinks}). Like most real platforms it has no idempotency key: every call that
 * reaches it creates a publication (a row of {@code sandbox_post}), so a double publish would be visible — which is
 * what the fault tests count. A marker in the caption makes it fail the way real platforms do, like Stripe's test
 * card numbers; see {@link Trigger} and {@code docs/testing-your-integration.md}.
 */
@ApplicationScoped
public class SandboxConnector implements PlatformConnector {

    static final String API_VERSION = "sandbox-1";

    public static final String FAIL_MARKER = "[sandbox:fail]";

    /** Failures on demand. Those marked first-attempt-only succeed on the retry, as transient errors do. */
    public enum Trigger {
        /** Rejected for good: {@code sandbox_rejected}. */
        FAIL("[sandbox:fail]"),
        /** A content-policy rejection, for good: {@code content_rejected}. */
        REJECT("[sandbox:reject]"),
        /** The account's token is no longer valid, for good: {@code token_expired}. */
        EXPIRED_TOKEN("[sandbox:expired_token]"),
        /** First attempt: HTTP 429 with {@code Retry-After: 2}. */
        RATE_LIMIT("[sandbox:429]"),
        /** First attempt: HTTP 503. */
        SERVER_ERROR("[sandbox:5xx]"),
        /** Every attempt: HTTP 503 (the platform is down). */
        SERVER_ERROR_ALWAYS("[sandbox:5xx-always]"),
        /** First attempt: the post is created, then the connection drops before the answer (unknown outcome). */
        TIMEOUT_AFTER_RECEIVED("[sandbox:timeout]"),
        /**
         * As {@link #TIMEOUT_AFTER_RECEIVED}, on a platform that cannot be searched for the post: Herald cannot tell
         * and fails it with {@code unknown_outcome} rather than risk a second post.
         */
        TIMEOUT_UNSEARCHABLE("[sandbox:timeout-unsearchable]");

        private final String marker;

        Trigger(String marker) {
            this.marker = marker;
        }

        public String marker() {
            return marker;
        }

        static Optional<Trigger> in(String caption) {
            if (caption == null) {
                return Optional.empty();
            }
            for (Trigger trigger : values()) {
                if (caption.contains(trigger.marker)) {
                    return Optional.of(trigger);
                }
            }
            return Optional.empty();
        }
    }

    /** The connection dropped after the platform received the request: whether it published is unknown. */
    public static class OutcomeUnknownException extends RuntimeException {
        OutcomeUnknownException(String message) {
            super(message);
        }
    }

    private final EntityManager entityManager;
    private final Duration latency;

    public SandboxConnector(EntityManager entityManager, PublisherConfig config) {
        this.entityManager = entityManager;
        this.latency = config.sandbox().latency();
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String platform() {
        return "sandbox";
    }

    @Override
    public PublishOutcome publish(Account account, PublishRequest request) {
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OutcomeUnknownException("Interrupted while waiting for the platform");
            }
        }
        boolean first = request.attempt() <= 1;
        Optional<Trigger> trigger = Trigger.in(request.caption());
        if (trigger.isPresent()) {
            switch (trigger.get()) {
                case FAIL -> {
                    return PublishOutcome.failed(
                            "sandbox_rejected", "The sandbox rejected this post (caption has " + FAIL_MARKER + ").");
                }
                case REJECT -> {
                    return PublishOutcome.failed(
                            "content_rejected", "The platform refused this content under its content policy.");
                }
                case EXPIRED_TOKEN -> {
                    return PublishOutcome.failed(
                            "token_expired", "The platform says the access token has expired; reconnect the account.");
                }
                case RATE_LIMIT -> {
                    if (first) {
                        return PublishOutcome.retryable(
                                PublishOutcome.RATE_LIMITED,
                                "429 Too Many Requests (Retry-After: 2).",
                                Duration.ofSeconds(2));
                    }
                }
                case SERVER_ERROR -> {
                    if (first) {
                        return PublishOutcome.retryable("platform_unavailable", "503 Service Unavailable.", null);
                    }
                }
                case SERVER_ERROR_ALWAYS -> {
                    return PublishOutcome.retryable("platform_unavailable", "503 Service Unavailable.", null);
                }
                case TIMEOUT_AFTER_RECEIVED, TIMEOUT_UNSEARCHABLE -> {
                    if (first) {
                        store(account, request);
                        throw new OutcomeUnknownException("Read timed out after the request was sent.");
                    }
                }
            }
        }
        return store(account, request);
    }

    @Override
    public boolean canLookUp(PublishRequest request) {
        return Trigger.in(request.caption())
                .filter(t -> t == Trigger.TIMEOUT_UNSEARCHABLE)
                .isEmpty();
    }

    @Override
    public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
        return QuarkusTransaction.requiringNew().call(() -> find(request.destinationId()));
    }

    /** The platform's own transaction: it commits whatever Herald does next, as a remote platform would. */
    private PublishOutcome store(Account account, PublishRequest request) {
        return QuarkusTransaction.requiringNew().call(() -> {
            String id = Ids.newId("sbx");
            entityManager
                    .createNativeQuery("INSERT INTO sandbox_post (id, account_id, destination_id, text, workspace_id,"
                            + " post_id, platform, attempt, permalink)"
                            + " VALUES (:id, :account, :destination, :text, :workspace, :post, :platform, :attempt,"
                            + " :permalink)")
                    .setParameter("id", id)
                    .setParameter("account", account.id())
                    .setParameter("destination", request.destinationId())
                    .setParameter("text", request.caption() == null ? "" : request.caption())
                    .setParameter("workspace", request.workspaceId())
                    .setParameter("post", request.postId())
                    .setParameter("platform", request.platform())
                    .setParameter("attempt", request.attempt())
                    .setParameter("permalink", permalink(account, id))
                    .executeUpdate();
            return PublishOutcome.published(id, permalink(account, id), Instant.now());
        });
    }

    private Optional<PublishOutcome> find(String destinationId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT id, permalink, created_at FROM sandbox_post WHERE destination_id = :key"
                        + " ORDER BY id LIMIT 1")
                .setParameter("key", destinationId)
                .getResultList();
        return rows.stream()
                .findFirst()
                .map(row -> PublishOutcome.published((String) row[0], (String) row[1], instant(row[2])));
    }

    @Override
    public MetricsOutcome metrics(Account account, MetricsRequest request) {
        Instant now = Instant.now();
        if (MetricsRequest.ACCOUNT.equals(request.kind())) {
            var values = SandboxMetrics.account(account.id(), account.createdAt(), now);
            return MetricsOutcome.collected(values, SandboxMetrics.raw(account.id(), values));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew()
                .call(() -> entityManager
                        .createNativeQuery("SELECT text, created_at FROM sandbox_post WHERE id = :id")
                        .setParameter("id", request.platformPostId())
                        .getResultList());
        if (rows.isEmpty()) {
            return MetricsOutcome.failed("post_not_found", "The sandbox has no post " + request.platformPostId() + ".");
        }
        if (((String) rows.get(0)[0]).contains(SandboxMetrics.RATE_LIMIT_MARKER) && request.attempt() <= 1) {
            return MetricsOutcome.rateLimited("429 Too Many Requests (Retry-After: 2).", SandboxMetrics.RETRY_AFTER);
        }
        Instant publishedAt = instant(rows.get(0)[1]);
        var values = SandboxMetrics.post(request.platformPostId(), publishedAt, now);
        return MetricsOutcome.collected(values, SandboxMetrics.raw(request.platformPostId(), values));
    }

    private static Instant instant(Object value) {
        return value instanceof Instant instant
                ? instant
                : value instanceof OffsetDateTime offset ? offset.toInstant() : Instant.now();
    }

    private static String permalink(Account account, String id) {
        return SandboxPermalinks.of(account.platform(), account.handle(), id);
    }
}

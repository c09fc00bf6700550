package dev.herald.analytics.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.herald.analytics.MetricSlot;
import dev.herald.analytics.PublishRecord;
import dev.herald.analytics.config.AnalyticsConfig;
import dev.herald.analytics.repository.MetricQueryRepository;
import dev.herald.analytics.repository.MetricQueryRepository.Filter;
import dev.herald.analytics.repository.MetricQueryRepository.TopPost;
import dev.herald.analytics.repository.MetricQueryRepository.Totals;
import dev.herald.analytics.repository.MetricSeriesRepository;
import dev.herald.analytics.repository.MetricSeriesRepository.Sample;
import dev.herald.analytics.repository.MetricSlotRepository;
import dev.herald.analytics.repository.PublishRecordRepository;
import dev.herald.analytics.repository.SqlValues;
import dev.herald.kit.error.ApiException;

/** Answers the analytics API, always within the caller's workspace (other workspaces' objects do not exist: 404). */
@ApplicationScoped
public class MetricsQueryService {

    static final int TOP_POSTS = 5;

    private final PublishRecordRepository records;
    private final MetricSeriesRepository series;
    private final MetricQueryRepository queries;
    private final MetricSlotRepository slots;
    private final CollectionService collection;
    private final EntityManager entityManager;
    private final Duration refreshMinInterval;

    public MetricsQueryService(
            PublishRecordRepository records,
            MetricSeriesRepository series,
            MetricQueryRepository queries,
            MetricSlotRepository slots,
            CollectionService collection,
            EntityManager entityManager,
            AnalyticsConfig config) {
        this.records = records;
        this.series = series;
        this.queries = queries;
        this.slots = slots;
        this.collection = collection;
        this.entityManager = entityManager;
        this.refreshMinInterval = config.refreshMinInterval();
    }

    /** A post's destinations with each one's latest sample and series. */
    public record PostMetrics(
            List<PublishRecord> destinations,
            Map<String, TopPost> latest,
            Map<String, List<Sample>> series,
            Map<String, List<MetricSlot>> slots) {}

    /** The aggregates of a range: totals, one page of groups, top posts. */
    public record Aggregates(Totals totals, List<Totals> groups, List<TopPost> topPosts) {}

    /** Why a refresh was refused: asked too soon, try again after {@code retryAfter}. */
    public static class RefreshTooSoon extends RuntimeException {
        private final transient Duration retryAfter;

        RefreshTooSoon(Duration retryAfter) {
            super("This post's metrics were refreshed recently.", null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    @Transactional
    public PostMetrics post(String workspaceId, String postId) {
        List<PublishRecord> destinations = records.forPost(workspaceId, postId);
        if (destinations.isEmpty()) {
            throw ApiException.notFound("post", postId);
        }
        return new PostMetrics(
                destinations,
                queries.latestOfPost(workspaceId, postId).stream()
                        .collect(Collectors.toMap(TopPost::destinationId, p -> p)),
                series.postSeries(workspaceId, postId).stream().collect(Collectors.groupingBy(Sample::destinationId)),
                slots.forPost(workspaceId, postId).stream().collect(Collectors.groupingBy(MetricSlot::destinationId)));
    }

    @Transactional
    public List<MetricQueryRepository.AccountPeriod> account(
            String workspaceId, String accountId, LocalDate from, LocalDate to, boolean weekly) {
        requireAccount(workspaceId, accountId);
        return queries.accountSeries(workspaceId, accountId, from, to, weekly);
    }

    @Transactional
    public Aggregates aggregates(Filter filter, String groupBy, String cursor, int limit) {
        if (filter.accountId() != null) {
            requireAccount(filter.workspaceId(), filter.accountId());
        }
        return new Aggregates(
                queries.totals(filter),
                groupBy == null ? List.of() : queries.groups(filter, groupBy, cursor, limit),
                queries.topPosts(filter, TOP_POSTS));
    }

    @Transactional
    public List<MetricQueryRepository.HourStat> bestTimes(
            String workspaceId, String accountId, String timezone, int limit) {
        requireAccount(workspaceId, accountId);
        return queries.bestTimes(workspaceId, accountId, timezone, limit);
    }

    /** The publishing report of a range. */
    public record Publishing(
            List<MetricQueryRepository.DayOutcomes> days,
            MetricQueryRepository.Delay delay,
            List<MetricQueryRepository.FailureReason> failureReasons) {}

    @Transactional
    public Publishing publishing(String workspaceId, LocalDate from, LocalDate to) {
        return new Publishing(
                queries.outcomesPerDay(workspaceId, from, to),
                queries.delay(workspaceId, from, to),
                queries.failureReasons(workspaceId, from, to));
    }

    /**
     * Asks for a fresh collection of every published destination of the post; at most once per
     * {@code refresh-min-interval} per post. Returns how many destinations will be collected.
     */
    @Transactional
    public int refresh(String workspaceId, String postId, Instant now) {
        List<PublishRecord> destinations = records.forPost(workspaceId, postId);
        if (destinations.isEmpty()) {
            throw ApiException.notFound("post", postId);
        }
        List<PublishRecord> published =
                destinations.stream().filter(PublishRecord::isPublished).toList();
        if (published.isEmpty()) {
            throw new ApiException(409, "not_published", "No destination of this post is published yet.");
        }
        // One statement decides, so two concurrent refreshes cannot both pass.
        boolean allowed = !entityManager
                .createNativeQuery("INSERT INTO post_refresh AS r (workspace_id, post_id, requested_at)"
                        + " VALUES (:workspace, :post, :now) ON CONFLICT (workspace_id, post_id)"
                        + " DO UPDATE SET requested_at = EXCLUDED.requested_at WHERE r.requested_at <= :notBefore"
                        + " RETURNING requested_at")
                .setParameter("workspace", workspaceId)
                .setParameter("post", postId)
                .setParameter("now", now)
                .setParameter("notBefore", now.minus(refreshMinInterval))
                .getResultList()
                .isEmpty();
        if (!allowed) {
            Object last = entityManager
                    .createNativeQuery("SELECT requested_at FROM post_refresh"
                            + " WHERE workspace_id = :workspace AND post_id = :post")
                    .setParameter("workspace", workspaceId)
                    .setParameter("post", postId)
                    .getSingleResult();
            Instant lastAt = SqlValues.instant(last);
            throw new RefreshTooSoon(Duration.between(now, lastAt.plus(refreshMinInterval)));
        }
        return collection.refresh(published, now).size();
    }

    private void requireAccount(String workspaceId, String accountId) {
        if (!queries.knowsAccount(workspaceId, accountId)) {
            throw ApiException.notFound("account", accountId);
        }
    }
}

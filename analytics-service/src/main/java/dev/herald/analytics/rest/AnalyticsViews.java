package dev.herald.analytics.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.herald.analytics.MetricSlot;
import dev.herald.analytics.Metrics;
import dev.herald.analytics.PublishRecord;
import dev.herald.analytics.repository.MetricQueryRepository;
import dev.herald.analytics.repository.MetricSeriesRepository;
import dev.herald.analytics.service.MetricsQueryService;

/** The JSON shapes of the analytics API (snake_case; absent metrics are those the platform does not report). */
final class AnalyticsViews {

    private AnalyticsViews() {}

    /** Metrics at one time, with engagement (likes + comments + shares + saves) and its rate per impression. */
    @Schema(name = "MetricPoint")
    record Point(
            String slot,
            Instant collectedAt,
            Long impressions,
            Long reach,
            Long likes,
            Long comments,
            Long shares,
            Long saves,
            Long clicks,
            Long videoViews,
            Long followers,
            long engagement,
            Double engagementRate) {

        static Point of(String slot, Instant collectedAt, Metrics m) {
            return new Point(
                    slot,
                    collectedAt,
                    m.impressions(),
                    m.reach(),
                    m.likes(),
                    m.comments(),
                    m.shares(),
                    m.saves(),
                    m.clicks(),
                    m.videoViews(),
                    m.followers(),
                    m.engagement(),
                    m.engagementRate());
        }
    }

    /** A post's metrics per destination. */
    @Schema(name = "PostAnalytics")
    record PostView(String object, String postId, List<DestinationView> destinations) {

        static PostView from(String postId, MetricsQueryService.PostMetrics post) {
            return new PostView(
                    "post_analytics",
                    postId,
                    post.destinations().stream()
                            .map(d -> DestinationView.from(d, post))
                            .toList());
        }
    }

    /** One destination: where it was published, its latest metrics and its series in time order. */
    @Schema(name = "DestinationAnalytics")
    record DestinationView(
            String destinationId,
            String accountId,
            String platform,
            String status,
            String platformPostId,
            String permalink,
            Instant publishedAt,
            Point latest,
            List<Point> series,
            List<SlotView> collection) {

        static DestinationView from(PublishRecord record, MetricsQueryService.PostMetrics post) {
            List<MetricSeriesRepository.Sample> samples = post.series().getOrDefault(record.destinationId(), List.of());
            MetricQueryRepository.TopPost newest = post.latest().get(record.destinationId());
            String newestSlot = samples.stream()
                    .filter(s -> newest != null && s.collectedAt().equals(newest.collectedAt()))
                    .map(MetricSeriesRepository.Sample::slot)
                    .findFirst()
                    .orElse(null);
            return new DestinationView(
                    record.destinationId(),
                    record.accountId(),
                    record.platform(),
                    record.status(),
                    record.platformPostId(),
                    record.permalink(),
                    record.publishedAt(),
                    newest == null ? null : Point.of(newestSlot, newest.collectedAt(), newest.metrics()),
                    samples.stream()
                            .map(s -> Point.of(s.slot(), s.collectedAt(), s.metrics()))
                            .toList(),
                    post.slots().getOrDefault(record.destinationId(), List.of()).stream()
                            .map(SlotView::from)
                            .toList());
        }
    }

    /** One collection slot: when it is (or was) due, and where it stands. */
    @Schema(name = "MetricSlot")
    record SlotView(String id, String slot, String state, Instant dueAt, int attempts, String lastError) {

        static SlotView from(MetricSlot slot) {
            return new SlotView(slot.id(), slot.slot(), slot.state(), slot.dueAt(), slot.attempts(), slot.lastError());
        }
    }

    /** An account's metrics per period. */
    @Schema(name = "AccountAnalytics")
    record AccountView(
            String object, String accountId, String granularity, LocalDate from, LocalDate to, List<Period> data) {}

    /** One day or week (starting Monday) of an account. */
    @Schema(name = "AccountPeriod")
    record Period(LocalDate periodStart, Point metrics) {

        static Period from(MetricQueryRepository.AccountPeriod period) {
            return new Period(period.periodStart(), Point.of(null, period.collectedAt(), period.metrics()));
        }
    }

    /** A post among the most engaging of the range. */
    @Schema(name = "TopPost")
    record TopPostView(
            String postId, String destinationId, String accountId, String platform, Instant publishedAt, Point latest) {

        static TopPostView from(MetricQueryRepository.TopPost p) {
            return new TopPostView(
                    p.postId(),
                    p.destinationId(),
                    p.accountId(),
                    p.platform(),
                    p.publishedAt(),
                    Point.of(null, p.collectedAt(), p.metrics()));
        }
    }

    /**
     * The aggregates of posts published in the range: totals, top posts and, with {@code group_by}, one page of groups
     * ({@code data}, {@code has_more}, {@code next_cursor}).
     */
    @Schema(name = "AnalyticsAggregates")
    record AggregatesView(
            String object,
            LocalDate from,
            LocalDate to,
            String groupBy,
            MetricQueryRepository.Totals totals,
            List<TopPostView> topPosts,
            List<MetricQueryRepository.Totals> data,
            boolean hasMore,
            String nextCursor) {}

    /** The weekly hours of an account's posts by average engagement, best first. */
    @Schema(name = "BestTimes")
    record BestTimesView(String object, String accountId, String timezone, List<MetricQueryRepository.HourStat> data) {}

    /** Publishing figures of the workspace. */
    @Schema(name = "PublishingReport")
    record PublishingView(
            String object,
            LocalDate from,
            LocalDate to,
            List<MetricQueryRepository.DayOutcomes> days,
            MetricQueryRepository.Delay delay,
            List<MetricQueryRepository.FailureReason> failureReasons) {}

    /** A refresh was accepted: the destinations are collected within seconds. */
    @Schema(name = "MetricsRefresh")
    record RefreshView(String object, String postId, int destinations, Instant requestedAt) {}
}

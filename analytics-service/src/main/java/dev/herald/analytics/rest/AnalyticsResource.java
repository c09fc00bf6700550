package dev.herald.analytics.rest;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.herald.analytics.PublishRecord;
import dev.herald.analytics.repository.MetricQueryRepository;
import dev.herald.analytics.rest.AnalyticsViews.AccountView;
import dev.herald.analytics.rest.AnalyticsViews.AggregatesView;
import dev.herald.analytics.rest.AnalyticsViews.BestTimesView;
import dev.herald.analytics.rest.AnalyticsViews.Period;
import dev.herald.analytics.rest.AnalyticsViews.PostView;
import dev.herald.analytics.rest.AnalyticsViews.PublishingView;
import dev.herald.analytics.rest.AnalyticsViews.RefreshView;
import dev.herald.analytics.rest.AnalyticsViews.TopPostView;
import dev.herald.analytics.service.AnalyticsService;
import dev.herald.analytics.service.MetricsQueryService;
import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiExceptionMappers;
import dev.herald.kit.page.Page;
import dev.herald.kit.security.Caller;

/** The public analytics API: post and account metrics, aggregates, best times, publishing figures. */
@Path("/v1/analytics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analytics", description = "How posts did on each platform, how accounts grow, how publishing went.")
public class AnalyticsResource {

    private static final Set<String> GROUP_BY = Set.of("platform", "account", "day");
    private static final Set<String> GRANULARITY = Set.of("day", "week");
    private static final int DEFAULT_DAYS = 30;

    private final AnalyticsService analytics;
    private final MetricsQueryService metrics;
    private final Caller caller;

    public AnalyticsResource(AnalyticsService analytics, MetricsQueryService metrics, Caller caller) {
        this.analytics = analytics;
        this.metrics = metrics;
        this.caller = caller;
    }

    /** Aggregates of the posts published in a range; with {@code post_id}, that post's publish records instead. */
    @GET
    @Operation(
            operationId = "getAnalytics",
            summary = "Aggregates: totals, engagement rate, top posts, groups by platform, account or day",
            description = "Posts published from `from` to `to` (UTC days, both included; the last 30 days by default),"
                    + " with their latest metrics. `group_by` pages through groups in key order (`limit`, `cursor`)."
                    + " With `post_id`, the publish record of each destination of that post (kept for compatibility).")
    @APIResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(oneOf = {AggregatesView.class, Records.class})))
    public Object aggregates(
            @QueryParam("post_id") String postId,
            @QueryParam("account_id") String accountId,
            @QueryParam("platform") String platform,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("group_by") String groupBy,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        if (postId != null && !postId.isBlank()) {
            return new Records(analytics.forPost(caller.workspaceId(), postId).stream()
                    .map(Item::from)
                    .toList());
        }
        QueryParams params = new QueryParams();
        QueryParams.Days days = params.days(from, to, DEFAULT_DAYS);
        String group = params.oneOf("group_by", groupBy, GROUP_BY, null);
        int pageSize = params.limit("limit", limit, Page.MAX_LIMIT, QueryParams.MAX_RANGE_DAYS + 1);
        params.check();
        var filter = new MetricQueryRepository.Filter(
                caller.workspaceId(), blank(accountId), blank(platform), days.from(), days.to());
        String column = group == null ? null : "account".equals(group) ? "account_id" : group;
        MetricsQueryService.Aggregates result = metrics.aggregates(filter, column, blank(cursor), pageSize);
        Page<MetricQueryRepository.Totals> page =
                Page.of(result.groups(), pageSize, totals -> totals, MetricQueryRepository.Totals::key);
        return new AggregatesView(
                "analytics_aggregate",
                days.from(),
                days.to(),
                group,
                result.totals(),
                result.topPosts().stream().map(TopPostView::from).toList(),
                page.data(),
                page.hasMore(),
                page.nextCursor());
    }

    @GET
    @Path("/posts/{post_id}")
    @Operation(
            operationId = "getPostAnalytics",
            summary = "A post's metrics: the latest and the time series of each destination")
    public PostView post(@PathParam("post_id") String postId) {
        return PostView.from(postId, metrics.post(caller.workspaceId(), postId));
    }

    @POST
    @Path("/posts/{post_id}/refresh")
    @Operation(
            operationId = "refreshPostAnalytics",
            summary = "Collect a post's metrics now",
            description = "At most once per post every 15 minutes (429 with Retry-After otherwise).")
    @APIResponse(
            responseCode = "202",
            description = "Collection requested for each published destination of the post",
            content = @Content(schema = @Schema(implementation = RefreshView.class)))
    public Response refresh(@PathParam("post_id") String postId, HttpHeaders headers) {
        Instant now = Instant.now();
        try {
            int destinations = metrics.refresh(caller.workspaceId(), postId, now);
            return Response.accepted(new RefreshView("metrics_refresh", postId, destinations, now))
                    .build();
        } catch (MetricsQueryService.RefreshTooSoon e) {
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            return Response.status(429)
                    .header("Retry-After", seconds)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(ApiError.of(
                            "refresh_too_soon",
                            e.getMessage() + " Try again in " + seconds + " s.",
                            List.of(),
                            headers.getHeaderString(ApiExceptionMappers.REQUEST_ID_HEADER)))
                    .build();
        }
    }

    @GET
    @Path("/accounts/{account_id}")
    @Operation(
            operationId = "getAccountAnalytics",
            summary = "An account's metrics per day or week",
            description = "From `from` to `to` (UTC days, both included; the last 30 days by default). Per week"
                    + " (starting Monday) followers are the week's last value and the other metrics are summed.")
    public AccountView account(
            @PathParam("account_id") String accountId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("granularity") String granularity) {
        QueryParams params = new QueryParams();
        QueryParams.Days days = params.days(from, to, DEFAULT_DAYS);
        String unit = params.oneOf("granularity", granularity, GRANULARITY, "day");
        params.check();
        return new AccountView(
                "account_analytics",
                accountId,
                unit,
                days.from(),
                days.to(),
                metrics.account(caller.workspaceId(), accountId, days.from(), days.to(), "week".equals(unit)).stream()
                        .map(Period::from)
                        .toList());
    }

    @GET
    @Path("/best-times")
    @Operation(
            operationId = "getBestTimes",
            summary = "The weekly hours when an account's posts got the most engagement",
            description = "ISO weekday (1 = Monday) and hour in `timezone` (IANA, UTC by default), by average"
                    + " engagement of the posts published then, best first.")
    public BestTimesView bestTimes(
            @QueryParam("account_id") String accountId,
            @QueryParam("timezone") String timezone,
            @QueryParam("limit") String limit) {
        QueryParams params = new QueryParams();
        params.required("account_id", accountId);
        String zone = params.timezone("timezone", timezone);
        int size = params.limit("limit", limit, 5, 168);
        params.check();
        return new BestTimesView(
                "best_times", accountId, zone, metrics.bestTimes(caller.workspaceId(), accountId, zone, size));
    }

    @GET
    @Path("/publishing")
    @Operation(
            operationId = "getPublishingAnalytics",
            summary = "Publishing figures: published and failed per day, scheduled → live delay, failure reasons",
            description = "Destinations that became final from `from` to `to` (UTC days, both included; the last 30"
                    + " days by default). The delay runs from the scheduled time (the creation for a publish-now post)"
                    + " to the platform's confirmation.")
    public PublishingView publishing(@QueryParam("from") String from, @QueryParam("to") String to) {
        QueryParams params = new QueryParams();
        QueryParams.Days days = params.days(from, to, DEFAULT_DAYS);
        params.check();
        MetricsQueryService.Publishing report = metrics.publishing(caller.workspaceId(), days.from(), days.to());
        return new PublishingView(
                "publishing_report", days.from(), days.to(), report.days(), report.delay(), report.failureReasons());
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** The records of one post. */
    @Schema(name = "PublishRecords")
    public record Records(List<Item> data) {}

    /** One destination's publication. */
    @Schema(name = "PublishRecord")
    public record Item(
            String object,
            String postId,
            String destinationId,
            String accountId,
            String platform,
            String status,
            String platformPostId,
            String permalink,
            String errorCode,
            Instant publishedAt) {

        static Item from(PublishRecord record) {
            return new Item(
                    "publish_record",
                    record.postId(),
                    record.destinationId(),
                    record.accountId(),
                    record.platform(),
                    record.status(),
                    record.platformPostId(),
                    record.permalink(),
                    record.errorCode(),
                    record.publishedAt());
        }
    }
}

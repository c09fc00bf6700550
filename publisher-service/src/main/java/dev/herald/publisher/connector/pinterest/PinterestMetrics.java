package dev.herald.publisher.connector.pinterest;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.events.MetricsRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.metrics.PlatformMetrics;

/**
 * Metrics from Pinterest API v5 (the OpenAPI document 5.23.0, operations {@code pins/analytics} and
 * {@code user_account/get}). A Pin's are {@code GET /v5/pins/{pin_id}/analytics} from its publishing day to today
 * (Pinterest keeps 90 days), answered per app type ({@code {"all": {summary_metrics, lifetime_metrics,
 * daily_metrics}}}): {@code IMPRESSION} (impressions), {@code TOTAL_REACTIONS} (likes), {@code TOTAL_COMMENTS}
 * (comments), {@code SAVE} (saves), {@code OUTBOUND_CLICK} (clicks: to the Pin's link); Pinterest reports no reach or
 * shares per Pin. Followers are {@code follower_count} of {@code GET /v5/user_account}. 404 is {@code Pin not found};
 * a 429 waits {@code Retry-After}.
 */
record PinterestMetrics(TokenService tokens, PlatformHttp http, String api) {

    /** How far back Pinterest answers Pin analytics. */
    static final int DAYS_KEPT = 90;

    private static final String PIN_METRICS = "IMPRESSION,OUTBOUND_CLICK,PIN_CLICK,SAVE,TOTAL_COMMENTS,TOTAL_REACTIONS";

    MetricsOutcome fetch(Account account, MetricsRequest request) {
        return PlatformMetrics.withCredentials(tokens, account, credentials -> {
            boolean post = MetricsRequest.POST.equals(request.kind());
            return PlatformMetrics.read(
                    http,
                    URI.create(api + (post ? pinAnalytics(request) : "/v5/user_account")),
                    PlatformMetrics.bearer(credentials.accessToken()),
                    PinterestConnector::outcome,
                    answer -> post
                            ? analytics(answer)
                            : PlatformMetrics.followers(
                                    PlatformMetrics.count(answer.body(), "follower_count"), answer));
        });
    }

    private static MetricsOutcome analytics(PlatformHttp.Answer answer) {
        JsonNode all = answer.body().path("all");
        if (all.isMissingNode()) {
            Iterator<JsonNode> any = answer.body().elements();
            all = any.hasNext() ? any.next() : all;
        }
        JsonNode summary = all.path("summary_metrics");
        JsonNode lifetime = all.path("lifetime_metrics");
        return PlatformMetrics.post(
                answer,
                PlatformMetrics.count(summary, "IMPRESSION"),
                either(lifetime, summary, "TOTAL_REACTIONS"),
                either(lifetime, summary, "TOTAL_COMMENTS"),
                null,
                PlatformMetrics.count(summary, "SAVE"),
                PlatformMetrics.count(summary, "OUTBOUND_CLICK"));
    }

    private static String pinAnalytics(MetricsRequest request) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate earliest = today.minusDays(DAYS_KEPT - 1);
        LocalDate published = request.publishedAt() == null
                ? earliest
                : request.publishedAt().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate start = published.isBefore(earliest) ? earliest : published.isAfter(today) ? today : published;
        return "/v5/pins/" + URLEncoder.encode(request.platformPostId(), StandardCharsets.UTF_8)
                + "/analytics?start_date=" + start + "&end_date=" + today + "&metric_types=" + PIN_METRICS
                + "&app_types=ALL";
    }

    /** Comments and reactions are lifetime figures; older answers put them with the period's. */
    private static Long either(JsonNode lifetime, JsonNode summary, String name) {
        Long value = PlatformMetrics.count(lifetime, name);
        return value != null ? value : PlatformMetrics.count(summary, name);
    }
}

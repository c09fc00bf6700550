package dev.herald.publisher.connector.threads;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.events.MetricsRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.connector.facebook.MetaMetrics;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.connector.http.Query;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.metrics.PlatformMetrics;

/**
 * Metrics from the Threads Insights API (https://developers.facebook.com/docs/threads/insights, permission
 * {@code threads_manage_insights}). A post's are {@code GET /{threads-media-id}/insights?metric=views,likes,replies,
 * reposts,quotes,shares}, each {@code {name, period: "lifetime", values: [{value}]}}: {@code views} (impressions),
 * {@code likes}, {@code replies} (comments), {@code reposts} plus {@code quotes} plus {@code shares} (shares); Threads
 * reports no reach, saves or clicks per post. Followers are {@code followers_count} of
 * {@code GET /{threads-user-id}/threads_insights}, a {@code total_value}. A post that is gone is Graph error 100
 * ("does not exist"): {@code post_not_found}. Throttling (codes 4, 17, 32, 613 or 429) is a rate limit.
 */
record ThreadsMetrics(TokenService tokens, PlatformHttp http, String api) {

    private static final String POST_METRICS = "views,likes,replies,reposts,quotes,shares";

    MetricsOutcome fetch(Account account, MetricsRequest request) {
        return PlatformMetrics.withCredentials(tokens, account, credentials -> {
            boolean post = MetricsRequest.POST.equals(request.kind());
            String path = post
                    ? "/" + URLEncoder.encode(request.platformPostId(), StandardCharsets.UTF_8) + "/insights"
                    : "/" + account.externalId() + "/threads_insights";
            Map<String, String> params = Map.of(
                    "metric", post ? POST_METRICS : "followers_count", "access_token", credentials.accessToken());
            PlatformHttp.Answer answer = http.get(URI.create(api + path + "?" + Query.encode(params)), Map.of());
            if (!answer.ok()) {
                JsonNode error = answer.body().path("error");
                if (MetaMetrics.missing(answer)) {
                    return MetricsOutcome.failed(
                            MetricsOutcome.POST_NOT_FOUND, error.path("message").asText());
                }
                if (error.path("code").asInt(-1) == 10) {
                    // Accounts connected before Herald asked threads_manage_insights: reconnecting grants it.
                    return MetricsOutcome.failed(
                            "metrics_permission_missing",
                            "Threads refused insights (" + error.path("message").asText()
                                    + "); reconnect the account to grant threads_manage_insights.");
                }
                return PlatformMetrics.error(answer, ThreadsConnector.outcome(answer));
            }
            JsonNode data = answer.body().path("data");
            return post
                    ? PlatformMetrics.post(
                            answer,
                            metric(data, "views"),
                            metric(data, "likes"),
                            metric(data, "replies"),
                            PlatformMetrics.sum(
                                    metric(data, "reposts"), metric(data, "quotes"), metric(data, "shares")),
                            null,
                            null)
                    : PlatformMetrics.followers(metric(data, "followers_count"), answer);
        });
    }

    /** A metric's value: the latest of {@code values}, or its {@code total_value}; null when Threads left it out. */
    static Long metric(JsonNode data, String name) {
        for (JsonNode metric : data) {
            if (name.equals(metric.path("name").asText())) {
                JsonNode values = metric.path("values");
                if (values.isArray() && !values.isEmpty()) {
                    return PlatformMetrics.count(values.get(values.size() - 1), "value");
                }
                return PlatformMetrics.count(metric.path("total_value"), "value");
            }
        }
        return null;
    }
}

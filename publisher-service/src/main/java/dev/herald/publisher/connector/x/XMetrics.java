package dev.herald.publisher.connector.x;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.events.MetricsRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.metrics.PlatformMetrics;

/**
 * Metrics from X API v2 (https://developer.x.com/en/docs/x-api/metrics). A post's figures come from
 * {@code GET /2/tweets/:id?tweet.fields=public_metrics,non_public_metrics}
 * (https://docs.x.com/x-api/posts/lookup/quickstart): {@code impression_count} (impressions),
 * {@code like_count} (likes), {@code reply_count} (comments), {@code retweet_count} — {@code repost_count} in the
 * 2.167 OpenAPI document — plus {@code quote_count} (shares), {@code bookmark_count} (saves) and, from the non-public
 * metrics, {@code url_link_clicks} (clicks). Non-public metrics exist only for the author's posts of the last 30 days:
 * an older post is asked for its public metrics only. X reports no reach. A post X cannot find is answered 200 with a
 * {@code resource-not-found} problem and no data: {@code post_not_found}. Followers are
 * {@code public_metrics.followers_count} of {@code GET /2/users/me?user.fields=public_metrics}
 * (https://docs.x.com/x-api/users/user-lookup-me). A 429 waits until {@code x-rate-limit-reset}
 * (https://docs.x.com/x-api/fundamentals/rate-limits).
 */
record XMetrics(TokenService tokens, PlatformHttp http, String apiBaseUrl) {

    /** How long X keeps a post's non-public metrics. */
    static final Duration NON_PUBLIC_WINDOW = Duration.ofDays(30);

    private static final String NOT_FOUND = "resource-not-found";

    MetricsOutcome fetch(Account account, MetricsRequest request) {
        return PlatformMetrics.withCredentials(tokens, account, credentials -> {
            boolean post = MetricsRequest.POST.equals(request.kind());
            URI uri = URI.create(apiBaseUrl
                    + (post
                            ? "/2/tweets/" + URLEncoder.encode(request.platformPostId(), StandardCharsets.UTF_8)
                                    + "?tweet.fields="
                                    + (recent(request) ? "public_metrics,non_public_metrics" : "public_metrics")
                            : "/2/users/me?user.fields=public_metrics"));
            return PlatformMetrics.read(
                    http,
                    uri,
                    PlatformMetrics.bearer(credentials.accessToken()),
                    answer -> XErrors.outcome(answer, Instant.now()),
                    answer -> read(answer, post));
        });
    }

    private static MetricsOutcome read(PlatformHttp.Answer answer, boolean post) {
        JsonNode data = answer.body().path("data");
        if (data.isMissingNode() || data.isNull()) {
            JsonNode problem = answer.body().path("errors").path(0);
            return problem.path("type").asText("").endsWith(NOT_FOUND)
                    ? MetricsOutcome.failed(
                            MetricsOutcome.POST_NOT_FOUND,
                            problem.path("detail").asText())
                    : MetricsOutcome.failed(MetricsOutcome.PLATFORM_ERROR, "X answered no data: " + answer.raw());
        }
        JsonNode pub = data.path("public_metrics");
        if (!post) {
            return PlatformMetrics.followers(PlatformMetrics.count(pub, "followers_count"), answer);
        }
        JsonNode nonPublic = data.path("non_public_metrics");
        Long impressions = PlatformMetrics.count(nonPublic, "impression_count");
        Long reposts = PlatformMetrics.count(pub, "retweet_count");
        return PlatformMetrics.post(
                answer,
                impressions != null ? impressions : PlatformMetrics.count(pub, "impression_count"),
                PlatformMetrics.count(pub, "like_count"),
                PlatformMetrics.count(pub, "reply_count"),
                PlatformMetrics.sum(
                        reposts != null ? reposts : PlatformMetrics.count(pub, "repost_count"),
                        PlatformMetrics.count(pub, "quote_count")),
                PlatformMetrics.count(pub, "bookmark_count"),
                PlatformMetrics.count(nonPublic, "url_link_clicks"));
    }

    private static boolean recent(MetricsRequest request) {
        return request.publishedAt() == null
                || request.publishedAt().isAfter(Instant.now().minus(NON_PUBLIC_WINDOW));
    }
}

package dev.herald.publisher.connector.bluesky;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.events.MetricsRequest;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.metrics.PlatformMetrics;

/**
 * Metrics from Bluesky's AppView, asked through the account's PDS (which proxies {@code app.bsky.*} reads with the
 * session's access JWT). A post's counts are in its view from {@code app.bsky.feed.getPosts}
 * (https://docs.bsky.app/docs/api/app-bsky-feed-get-posts): {@code likeCount} (likes), {@code replyCount}
 * (comments), {@code repostCount} plus {@code quoteCount} (shares), {@code bookmarkCount} where the AppView sends it
 * (saves); Bluesky shows no views or clicks. A post that is gone is left out of the answer rather than refused: that
 * is {@code post_not_found}. Followers are the profile's {@code followersCount} ({@code app.bsky.actor.getProfile},
 * https://docs.bsky.app/docs/api/app-bsky-actor-get-profile). A 429 waits until {@code RateLimit-Reset}
 * (https://docs.bsky.app/docs/advanced-guides/rate-limits).
 */
record BlueskyMetrics(PlatformHttp http) {

    /** Reads the metrics {@code request} asks for from {@code pds}, as {@code did}. */
    MetricsOutcome fetch(String pds, String did, Map<String, String> auth, MetricsRequest request)
            throws PlatformHttp.NotSent {
        boolean post = MetricsRequest.POST.equals(request.kind());
        URI uri = URI.create(pds
                + (post
                        ? "/xrpc/app.bsky.feed.getPosts?uris=" + encode(request.platformPostId())
                        : "/xrpc/app.bsky.actor.getProfile?actor=" + encode(did)));
        return PlatformMetrics.read(
                http,
                uri,
                auth,
                answer -> BlueskyErrors.outcome(answer, Instant.now()),
                answer -> post
                        ? view(answer, request.platformPostId())
                        : PlatformMetrics.followers(PlatformMetrics.count(answer.body(), "followersCount"), answer));
    }

    private static MetricsOutcome view(PlatformHttp.Answer answer, String uri) {
        for (JsonNode view : answer.body().path("posts")) {
            if (uri.equals(view.path("uri").asText())) {
                return PlatformMetrics.post(
                        answer,
                        null,
                        PlatformMetrics.count(view, "likeCount"),
                        PlatformMetrics.count(view, "replyCount"),
                        PlatformMetrics.sum(
                                PlatformMetrics.count(view, "repostCount"), PlatformMetrics.count(view, "quoteCount")),
                        PlatformMetrics.count(view, "bookmarkCount"),
                        null);
            }
        }
        return MetricsOutcome.failed(MetricsOutcome.POST_NOT_FOUND, "Bluesky has no post " + uri + " (deleted?).");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

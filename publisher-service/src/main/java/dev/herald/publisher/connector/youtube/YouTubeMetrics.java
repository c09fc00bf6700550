package dev.herald.publisher.connector.youtube;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.events.MetricsRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.metrics.PlatformMetrics;

/**
 * Metrics from the YouTube Data API v3 with the {@code youtube.readonly} scope Herald asks at connect. A video's are
 * {@code statistics} of {@code GET /youtube/v3/videos?part=statistics&id=…}
 * (https://developers.google.com/youtube/v3/docs/videos/list, fields in
 * https://developers.google.com/youtube/v3/docs/videos#statistics), counts sent as strings: {@code viewCount}
 * (impressions), {@code likeCount} (likes; absent when the owner hides it: null, not 0), {@code commentCount}
 * (comments; absent when comments are off). {@code favoriteCount} is deprecated and always 0, {@code dislikeCount} is
 * private: neither is read. YouTube reports no shares, saves or clicks here (those are YouTube Analytics'). A video
 * YouTube does not know answers 200 with no {@code items}: {@code post_not_found}. Followers are the channel's
 * {@code statistics.subscriberCount} of {@code GET /youtube/v3/channels?part=statistics&mine=true}
 * (https://developers.google.com/youtube/v3/docs/channels#statistics), null when the channel hides it
 * ({@code hiddenSubscriberCount}). Errors are {@link YouTubeErrors}': a 429 or {@code rateLimitExceeded} waits
 * {@code Retry-After}, a used-up daily quota is {@code quota_exhausted}.
 */
record YouTubeMetrics(TokenService tokens, PlatformHttp http, String api) {

    MetricsOutcome fetch(Account account, MetricsRequest request) {
        return PlatformMetrics.withCredentials(tokens, account, credentials -> {
            boolean post = MetricsRequest.POST.equals(request.kind());
            URI uri = URI.create(api
                    + (post
                            ? "/youtube/v3/videos?part=statistics&id="
                                    + URLEncoder.encode(request.platformPostId(), StandardCharsets.UTF_8)
                            : "/youtube/v3/channels?part=statistics&mine=true"));
            return PlatformMetrics.read(
                    http,
                    uri,
                    PlatformMetrics.bearer(credentials.accessToken()),
                    answer -> YouTubeErrors.outcome(answer, Instant.now()),
                    answer -> read(answer, post, request));
        });
    }

    private static MetricsOutcome read(PlatformHttp.Answer answer, boolean post, MetricsRequest request) {
        JsonNode item = answer.body().path("items").path(0);
        if (item.isMissingNode()) {
            return post
                    ? MetricsOutcome.failed(
                            MetricsOutcome.POST_NOT_FOUND, "YouTube has no video " + request.platformPostId() + ".")
                    : MetricsOutcome.failed(MetricsOutcome.POST_NOT_FOUND, "YouTube found no channel for this token.");
        }
        JsonNode statistics = item.path("statistics");
        if (!post) {
            return PlatformMetrics.followers(
                    statistics.path("hiddenSubscriberCount").asBoolean(false)
                            ? null
                            : PlatformMetrics.count(statistics, "subscriberCount"),
                    answer);
        }
        return PlatformMetrics.post(
                answer,
                PlatformMetrics.count(statistics, "viewCount"),
                PlatformMetrics.count(statistics, "likeCount"),
                PlatformMetrics.count(statistics, "commentCount"),
                null,
                null,
                null);
    }
}

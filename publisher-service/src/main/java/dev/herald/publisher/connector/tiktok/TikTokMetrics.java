package dev.herald.publisher.connector.tiktok;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.events.MetricsRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.metrics.PlatformMetrics;

/**
 * Metrics from TikTok's Display API. A video's are {@code POST /v2/video/query/?fields=id,view_count,like_count,
 * comment_count,share_count} with {@code {"filters":{"video_ids":[id]}}} (https://developers.tiktok.com/doc/tiktok-api-v2-video-query,
 * scope {@code video.list}; only the user's own videos are answered, in {@code data.videos}): {@code view_count}
 * (impressions), {@code like_count} (likes), {@code comment_count} (comments), {@code share_count} (shares); TikTok
 * reports no reach, saves or clicks here. A video it does not answer is {@code post_not_found}. A post only its
 * creator sees has no video id — Herald keeps TikTok's publish id for it — so it has no metrics: unsupported.
 * Followers are {@code follower_count} of {@code GET /v2/user/info/?fields=follower_count}
 * (https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info, scope {@code user.info.stats}). Accounts connected
 * before Herald asked those scopes get {@code scope_not_authorized}: they need reconnecting. Other errors are
 * {@link TikTokErrors}' (a 429 waits {@code Retry-After}, a minute without one).
 */
record TikTokMetrics(TokenService tokens, PlatformHttp http, String api) {

    static final String VIDEO_FIELDS = "id,view_count,like_count,comment_count,share_count";

    MetricsOutcome fetch(Account account, MetricsRequest request) {
        boolean post = MetricsRequest.POST.equals(request.kind());
        if (post && !request.platformPostId().chars().allMatch(Character::isDigit)) {
            return MetricsOutcome.unsupported("TikTok gives no metrics for a post only its creator sees (publish id "
                    + request.platformPostId() + ", no video id).");
        }
        return PlatformMetrics.withCredentials(tokens, account, credentials -> {
            Map<String, String> bearer = PlatformMetrics.bearer(credentials.accessToken());
            PlatformHttp.Answer answer;
            if (post) {
                ObjectNode body = PlatformHttp.object();
                body.putObject("filters").putArray("video_ids").add(request.platformPostId());
                answer = http.postJson(URI.create(api + "/v2/video/query/?fields=" + VIDEO_FIELDS), bearer, body);
            } else {
                answer = http.get(URI.create(api + "/v2/user/info/?fields=follower_count"), bearer);
            }
            if (!TikTokErrors.ok(answer)) {
                return error(answer);
            }
            if (!post) {
                return PlatformMetrics.followers(
                        PlatformMetrics.count(answer.body().path("data").path("user"), "follower_count"), answer);
            }
            for (JsonNode video : answer.body().path("data").path("videos")) {
                if (request.platformPostId().equals(video.path("id").asText())) {
                    return PlatformMetrics.post(
                            answer,
                            PlatformMetrics.count(video, "view_count"),
                            PlatformMetrics.count(video, "like_count"),
                            PlatformMetrics.count(video, "comment_count"),
                            PlatformMetrics.count(video, "share_count"),
                            null,
                            null);
                }
            }
            return MetricsOutcome.failed(
                    MetricsOutcome.POST_NOT_FOUND,
                    "TikTok answered no video " + request.platformPostId() + " of this user.");
        });
    }

    private static MetricsOutcome error(PlatformHttp.Answer answer) {
        String code = answer.body().path("error").path("code").asText("");
        if ("scope_not_authorized".equals(code) || "scope_permission_missed".equals(code)) {
            return MetricsOutcome.failed(
                    "metrics_permission_missing",
                    "TikTok refused (" + code + ": "
                            + answer.body().path("error").path("message").asText()
                            + "); reconnect the account to grant video.list and user.info.stats.");
        }
        return PlatformMetrics.error(answer, TikTokErrors.outcome(answer));
    }
}

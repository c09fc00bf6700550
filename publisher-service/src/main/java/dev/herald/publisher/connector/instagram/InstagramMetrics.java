package dev.herald.publisher.connector.instagram;

import dev.herald.events.MetricsRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.connector.facebook.MetaGraph;
import dev.herald.publisher.connector.facebook.MetaMetrics;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.metrics.PlatformMetrics;

/**
 * Metrics of an Instagram professional account with the permission Herald asks ({@code instagram_business_basic};
 * media insights — views, reach, saves, shares — would need {@code instagram_business_manage_insights}): a media's
 * {@code like_count} and {@code comments_count}
 * (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media) and the account's
 * {@code followers_count} (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user).
 */
record InstagramMetrics(TokenService tokens, MetaGraph graph) {

    MetricsOutcome fetch(Account account, MetricsRequest request) {
        if (MetricsRequest.POST.equals(request.kind())) {
            return MetaMetrics.fields(
                    tokens,
                    graph,
                    account,
                    request.platformPostId(),
                    "like_count,comments_count",
                    answer -> PlatformMetrics.post(
                            answer,
                            null,
                            PlatformMetrics.count(answer.body(), "like_count"),
                            PlatformMetrics.count(answer.body(), "comments_count"),
                            null,
                            null,
                            null));
        }
        return MetaMetrics.fields(
                tokens,
                graph,
                account,
                account.externalId(),
                "followers_count,media_count",
                answer -> PlatformMetrics.followers(PlatformMetrics.count(answer.body(), "followers_count"), answer));
    }
}

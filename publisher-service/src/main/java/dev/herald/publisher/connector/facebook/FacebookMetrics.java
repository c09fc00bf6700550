package dev.herald.publisher.connector.facebook;

import dev.herald.events.MetricsRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.metrics.PlatformMetrics;

/**
 * Metrics of a Facebook Page with the permissions Herald asks ({@code pages_read_engagement}; Page insights would need
 * {@code read_insights}): a post's {@code reactions} and {@code comments} summaries ({@code total_count}) and its
 * {@code shares.count} (https://developers.facebook.com/docs/graph-api/reference/post/ — absent when nobody shared,
 * so 0), and the Page's {@code followers_count} (https://developers.facebook.com/docs/graph-api/reference/page/).
 * Impressions, reach, saves and clicks need insights: null.
 */
record FacebookMetrics(TokenService tokens, MetaGraph graph) {

    static final String POST_FIELDS =
            "shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)";

    MetricsOutcome fetch(Account account, MetricsRequest request) {
        if (MetricsRequest.POST.equals(request.kind())) {
            return MetaMetrics.fields(
                    tokens, graph, account, request.platformPostId(), POST_FIELDS, FacebookMetrics::post);
        }
        return MetaMetrics.fields(
                tokens,
                graph,
                account,
                account.externalId(),
                "followers_count,fan_count",
                answer -> PlatformMetrics.followers(PlatformMetrics.count(answer.body(), "followers_count"), answer));
    }

    private static MetricsOutcome post(PlatformHttp.Answer answer) {
        Long shares = PlatformMetrics.count(answer.body().path("shares"), "count");
        return PlatformMetrics.post(
                answer,
                null,
                PlatformMetrics.count(answer.body().path("reactions").path("summary"), "total_count"),
                PlatformMetrics.count(answer.body().path("comments").path("summary"), "total_count"),
                shares == null ? 0L : shares,
                null,
                null);
    }
}

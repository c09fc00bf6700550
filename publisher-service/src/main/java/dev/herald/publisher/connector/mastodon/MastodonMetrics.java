package dev.herald.publisher.connector.mastodon;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.herald.events.MetricsRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.metrics.PlatformMetrics;

/**
 * Metrics from a Mastodon instance. A status's counts come with the status itself ({@code GET /api/v1/statuses/:id},
 * https://docs.joinmastodon.org/methods/statuses/#get; fields in https://docs.joinmastodon.org/entities/Status/):
 * {@code favourites_count} (likes), {@code replies_count} (comments), {@code reblogs_count} plus {@code quotes_count}
 * where the server has quotes (shares). Mastodon counts no views, reach, saves or clicks: those stay null. Followers
 * are the account's {@code followers_count} ({@code GET /api/v1/accounts/verify_credentials},
 * https://docs.joinmastodon.org/methods/accounts/#verify_credentials). A 429 waits until {@code X-RateLimit-Reset}
 * (https://docs.joinmastodon.org/api/rate-limits/).
 */
record MastodonMetrics(TokenService tokens, PlatformHttp http) {

    MetricsOutcome fetch(Account account, MetricsRequest request) {
        return PlatformMetrics.withCredentials(tokens, account, credentials -> {
            String instance = credentials.secrets().get(MastodonConnectFlow.INSTANCE_URL);
            boolean post = MetricsRequest.POST.equals(request.kind());
            URI uri = URI.create(instance
                    + (post
                            ? "/api/v1/statuses/" + URLEncoder.encode(request.platformPostId(), StandardCharsets.UTF_8)
                            : "/api/v1/accounts/verify_credentials"));
            return PlatformMetrics.read(
                    http,
                    uri,
                    PlatformMetrics.bearer(credentials.accessToken()),
                    answer -> MastodonErrors.outcome(answer, Instant.now()),
                    answer -> post
                            ? status(answer)
                            : PlatformMetrics.followers(count(answer, "followers_count"), answer));
        });
    }

    private static MetricsOutcome status(PlatformHttp.Answer answer) {
        return PlatformMetrics.post(
                answer,
                null,
                count(answer, "favourites_count"),
                count(answer, "replies_count"),
                PlatformMetrics.sum(count(answer, "reblogs_count"), count(answer, "quotes_count")),
                null,
                null);
    }

    private static Long count(PlatformHttp.Answer answer, String field) {
        return PlatformMetrics.count(answer.body(), field);
    }
}

package dev.herald.publisher.connector.facebook;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.metrics.PlatformMetrics;

/**
 * Metric reads from Meta's Graph API, as Facebook Pages and Instagram share them: fields of one object (a post, the
 * Page, the Instagram account) with the token in the query. An object that is gone is Graph error 100 "does not exist"
 * (subcode 33): {@code post_not_found}; throttling waits as long as {@code X-Business-Use-Case-Usage} estimates
 * ({@link MetaGraph#outcome}).
 */
public final class MetaMetrics {

    private MetaMetrics() {}

    /** Reads {@code fields} of the object {@code id} with the account's token; its answer through {@code reading}. */
    public static MetricsOutcome fields(
            TokenService tokens,
            MetaGraph graph,
            Account account,
            String id,
            String fields,
            PlatformMetrics.Reading reading) {
        return PlatformMetrics.withCredentials(tokens, account, credentials -> {
            PlatformHttp.Answer answer = graph.read(
                    "/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
                    Map.of("fields", fields, "access_token", credentials.accessToken()));
            if (answer.ok()) {
                return reading.read(answer);
            }
            return missing(answer)
                    ? MetricsOutcome.failed(
                            MetricsOutcome.POST_NOT_FOUND,
                            answer.body().path("error").path("message").asText())
                    : PlatformMetrics.error(answer, MetaGraph.outcome(answer, graph.platformName()));
        });
    }

    /** Whether a Graph error says the object does not exist (deleted, or never there). */
    public static boolean missing(PlatformHttp.Answer answer) {
        JsonNode error = answer.body().path("error");
        return error.path("code").asInt(-1) == 100
                && (error.path("error_subcode").asInt(-1) == 33
                        || error.path("message").asText("").contains("does not exist"));
    }
}

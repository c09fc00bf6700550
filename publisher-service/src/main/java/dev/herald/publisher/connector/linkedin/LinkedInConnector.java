package dev.herald.publisher.connector.linkedin;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.events.PublishRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.CallReadiness;
import dev.herald.publisher.connector.PlatformConnector;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.PlatformHttp;

/**
 * Publishing a member post with LinkedIn's Posts API
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api): every call carries the
 * pinned {@code LinkedIn-Version} and {@code X-Restli-Protocol-Version: 2.0.0}; a created post answers 201 with an
 * empty body and its URN in {@code x-restli-id}. LinkedIn has no idempotency key, and reading a member's posts back
 * needs a restricted permission, so an unknown outcome is not retried: it fails {@code unknown_outcome} (at most
 * once, as RELIABILITY.md asks).
 */
@ApplicationScoped
public class LinkedInConnector implements PlatformConnector {

    /**
     * The Posts API version (YYYYMM). LinkedIn sunsets versions about a year after release and then answers 426:
     * move this forward with the connector's tests.
     */
    static final String API_VERSION = "202511";

    private final TokenService tokens;
    private final PlatformHttp http;
    private final String apiBaseUrl;

    public LinkedInConnector(TokenService tokens, PublisherConfig config) {
        this.tokens = tokens;
        this.http = new PlatformHttp(config.platformTimeout());
        PublisherConfig.App app = config.apps().get("linkedin");
        this.apiBaseUrl =
                app == null ? LinkedInConnectFlow.API_URL : app.apiBaseUrl().orElse(LinkedInConnectFlow.API_URL);
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String platform() {
        return "linkedin";
    }

    @Override
    public PublishOutcome publish(Account account, PublishRequest request) {
        CallReadiness ready = CallReadiness.check(tokens, account, request, "LinkedIn");
        if (ready.refused()) {
            return ready.refusal();
        }
        String token = ready.credentials().accessToken();
        ObjectNode body = PlatformHttp.object()
                .put("author", "urn:li:person:" + account.externalId())
                .put("commentary", littleText(request.caption() == null ? "" : request.caption()))
                .put("visibility", request.options().getOrDefault("visibility", "PUBLIC"))
                .put("lifecycleState", "PUBLISHED")
                .put("isReshareDisabledByAuthor", false);
        ObjectNode distribution = body.putObject("distribution").put("feedDistribution", "MAIN_FEED");
        distribution.putArray("targetEntities");
        distribution.putArray("thirdPartyDistributionChannels");
        if (request.content().link() != null) {
            body.putObject("content")
                    .putObject("article")
                    .put("source", request.content().link())
                    .put(
                            "title",
                            request.options()
                                    .getOrDefault(
                                            "link_title", request.content().link()));
        }
        PlatformHttp.Answer answer;
        try {
            answer = http.postJson(
                    URI.create(apiBaseUrl + "/rest/posts"),
                    Map.of(
                            "Authorization",
                            "Bearer " + token,
                            "LinkedIn-Version",
                            API_VERSION,
                            "X-Restli-Protocol-Version",
                            "2.0.0"),
                    body);
        } catch (PlatformHttp.NotSent e) {
            return PublishOutcome.retryable("platform_unreachable", e.getMessage(), null);
        }
        Optional<String> urn = answer.header("x-restli-id");
        if (answer.status() == 201 && urn.isPresent()) {
            return PublishOutcome.published(
                    urn.get(), "https://www.linkedin.com/feed/update/" + urn.get() + "/", Instant.now());
        }
        return outcome(answer, Instant.now());
    }

    @Override
    public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
        return Optional.empty(); // never asked: canLookUp is false
    }

    /**
     * LinkedIn's errors ({@code {status, serviceErrorCode, code, message}},
     * https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling) in Herald's categories. Its
     * 429s carry no reset: the quotas are daily (UTC), so the retry waits for the next UTC day.
     */
    static PublishOutcome outcome(PlatformHttp.Answer answer, Instant now) {
        String message = "LinkedIn answered " + answer.status() + ": "
                + answer.body()
                        .path("message")
                        .asText(answer.body().path("code").asText("no details"));
        int status = answer.status();
        if (status == 401) {
            return PublishOutcome.failed("auth_expired", message);
        }
        if (status == 426) {
            return PublishOutcome.failed(
                    "platform_error",
                    message + " (the pinned LinkedIn-Version " + API_VERSION + " is no longer active)");
        }
        if (status == 429) {
            Instant tomorrow = LocalDate.ofInstant(now, ZoneOffset.UTC)
                    .plusDays(1)
                    .atStartOfDay()
                    .toInstant(ZoneOffset.UTC);
            return PublishOutcome.retryable(PublishOutcome.RATE_LIMITED, message, Duration.between(now, tomorrow));
        }
        if (status >= 500) {
            return PublishOutcome.retryable("platform_error", message, null);
        }
        return PublishOutcome.failed("content_rejected", message);
    }

    /**
     * LinkedIn's "little text" format gives {@code | { } @ [ ] ( ) < > # \ * _ ~} a meaning: escaped, they are
     * posted as typed (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format).
     */
    static String littleText(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            if ("|{}@[]()<>#\\*_~".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}

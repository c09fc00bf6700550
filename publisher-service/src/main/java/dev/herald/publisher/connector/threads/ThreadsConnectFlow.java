package dev.herald.publisher.connector.threads;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.publisher.account.ConnectedIdentity;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.ConnectFlow;
import dev.herald.publisher.connector.facebook.MetaGraph;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.connector.http.Query;
import dev.herald.publisher.connector.oauth.LongLivedTokens;
import dev.herald.publisher.connector.oauth.OAuthException;

/**
 * Connecting a Threads profile (https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions):
 * the consent page, the code for a short-lived token (1 h), that exchanged at once for a long-lived one (60 days,
 * {@code th_exchange_token}), which is refreshed before it expires ({@code th_refresh_token}; the long-lived token
 * renews itself, there is no separate refresh token).
 */
@ApplicationScoped
public class ThreadsConnectFlow implements ConnectFlow {

    static final String AUTHORIZE_URL = "https://threads.net/oauth/authorize";
    static final String API_URL = "https://graph.threads.net";
    // threads_manage_insights: the metrics analytics collects (ThreadsMetrics).
    static final String SCOPES = "threads_basic,threads_content_publish,threads_manage_insights";

    private final PublisherConfig.App app;
    private final PlatformHttp http;

    public ThreadsConnectFlow(PublisherConfig config) {
        this.app = config.apps().get("threads");
        this.http = new PlatformHttp(config.platformTimeout());
    }

    @Override
    public String platform() {
        return "threads";
    }

    @Override
    public boolean configured() {
        return app != null && app.clientId().isPresent() && app.clientSecret().isPresent();
    }

    @Override
    public URI authorizationUrl(String state, String codeChallenge, String redirectUri, Map<String, String> params) {
        return MetaGraph.consentPage(app, AUTHORIZE_URL, SCOPES, state, redirectUri);
    }

    @Override
    public ConnectedIdentity complete(
            String code, String codeVerifier, String redirectUri, Map<String, String> params) {
        JsonNode shortLived = call(
                "POST",
                app.tokenUrl().orElse(api() + "/oauth/access_token"),
                Map.of(
                        "client_id",
                        app.clientId().orElseThrow(),
                        "client_secret",
                        app.clientSecret().orElseThrow(),
                        "grant_type",
                        "authorization_code",
                        "redirect_uri",
                        redirectUri,
                        "code",
                        code));
        JsonNode longLived = call(
                "GET",
                api() + "/access_token",
                Map.of(
                        "grant_type", "th_exchange_token",
                        "client_secret", app.clientSecret().orElseThrow(),
                        "access_token", shortLived.path("access_token").asText()));
        Credentials credentials = credentials(longLived);
        JsonNode me = call(
                "GET",
                api() + "/v1.0/me",
                Map.of(
                        "fields",
                        "id,username,name,threads_profile_picture_url",
                        "access_token",
                        credentials.accessToken()));
        return new ConnectedIdentity(
                me.path("id").asText(),
                me.path("username").asText(),
                me.path("name").asText(null),
                me.path("threads_profile_picture_url").asText(null),
                credentials);
    }

    /** The long-lived token renews itself: {@code GET /refresh_access_token?grant_type=th_refresh_token}. */
    @Override
    public Credentials refresh(Credentials current) {
        return credentials(call(
                "GET",
                api() + "/refresh_access_token",
                Map.of("grant_type", "th_refresh_token", "access_token", current.refreshToken())));
    }

    private String api() {
        return app.apiBaseUrl().orElse(API_URL);
    }

    private static Credentials credentials(JsonNode token) {
        return LongLivedTokens.credentials(token, List.of(SCOPES.split(",")));
    }

    /** A Graph call with its parameters in the query (as Threads documents them); errors as OAuth failures. */
    private JsonNode call(String method, String url, Map<String, String> params) {
        URI uri = URI.create(url + "?" + Query.encode(params));
        PlatformHttp.Answer answer;
        try {
            answer = "POST".equals(method)
                    ? http.postJson(uri, Map.of(), PlatformHttp.object())
                    : http.get(uri, Map.of());
        } catch (PlatformHttp.NotSent e) {
            throw OAuthException.transientFailure(e.getMessage());
        }
        if (answer.ok()) {
            return answer.body();
        }
        JsonNode error = answer.body().path("error");
        throw new OAuthException(
                answer.status() / 100 == 4 && answer.status() != 429,
                error.path("type").asText("http_" + answer.status()),
                "Threads answered " + answer.status() + ": "
                        + error.path("message").asText("no details"));
    }
}

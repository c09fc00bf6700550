package dev.herald.publisher.connector.instagram;

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
import dev.herald.publisher.connector.oauth.LongLivedTokens;

/**
 * Connecting an Instagram professional account with Business Login for Instagram (the Instagram API with Instagram
 * Login, https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login): no
 * Facebook Page needed. The consent page, the code for a short-lived token at {@code api.instagram.com} (1 h), that
 * exchanged at once for a long-lived one ({@code ig_exchange_token}, 60 days,
 * https://developers.facebook.com/docs/instagram-platform/reference/access_token), renewed before it expires
 * ({@code ig_refresh_token}, https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token;
 * the long-lived token renews itself).
 */
@ApplicationScoped
public class InstagramConnectFlow implements ConnectFlow {

    static final String PLATFORM = "instagram";
    static final String AUTHORIZE_URL = "https://www.instagram.com/oauth/authorize";
    static final String TOKEN_URL = "https://api.instagram.com/oauth/access_token";
    static final String API_URL = "https://graph.instagram.com";
    static final String SCOPES = "instagram_business_basic,instagram_business_content_publish";

    private final PublisherConfig.App app;
    private final PlatformHttp http;

    public InstagramConnectFlow(PublisherConfig config) {
        this.app = config.apps().get(PLATFORM);
        this.http = new PlatformHttp(config.platformTimeout());
    }

    @Override
    public String platform() {
        return PLATFORM;
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
        JsonNode answer = call(
                "POST",
                app.tokenUrl().orElse(TOKEN_URL),
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
        // Documented both flat and wrapped in "data": [ {access_token, user_id, permissions} ].
        JsonNode shortLived = answer.has("data") ? answer.path("data").path(0) : answer;
        Credentials credentials = credentials(call(
                "GET",
                api() + "/access_token",
                Map.of(
                        "grant_type", "ig_exchange_token",
                        "client_secret", app.clientSecret().orElseThrow(),
                        "access_token", shortLived.path("access_token").asText())));
        JsonNode me = call(
                "GET",
                api() + "/" + InstagramConnector.API_VERSION + "/me",
                Map.of(
                        "fields",
                        "user_id,username,name,profile_picture_url",
                        "access_token",
                        credentials.accessToken()));
        // user_id is the professional account's id, the one publishing takes; id is app-scoped.
        return new ConnectedIdentity(
                me.path("user_id").asText(me.path("id").asText()),
                me.path("username").asText(),
                me.path("name").asText(null),
                me.path("profile_picture_url").asText(null),
                credentials);
    }

    @Override
    public Credentials refresh(Credentials current) {
        return credentials(call(
                "GET",
                api() + "/refresh_access_token",
                Map.of("grant_type", "ig_refresh_token", "access_token", current.refreshToken())));
    }

    private String api() {
        return app.apiBaseUrl().orElse(API_URL);
    }

    private static Credentials credentials(JsonNode token) {
        return LongLivedTokens.credentials(token, List.of(SCOPES.split(",")));
    }

    private JsonNode call(String method, String url, Map<String, String> params) {
        return MetaGraph.connectCall(http, "Instagram", method, url, params);
    }
}

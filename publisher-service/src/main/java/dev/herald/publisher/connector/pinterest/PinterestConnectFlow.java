package dev.herald.publisher.connector.pinterest;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.publisher.account.ConnectedIdentity;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.ConnectFlow;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.connector.http.Query;
import dev.herald.publisher.connector.oauth.OAuth2Client;
import dev.herald.publisher.connector.oauth.Profiles;

/**
 * Connecting a Pinterest account (https://developers.pinterest.com/docs/getting-started/set-up-authentication-and-authorization/):
 * the consent page, the code exchanged at {@code POST /v5/oauth/token} with HTTP Basic client credentials, then
 * {@code GET /v5/user_account} for who it is. Access tokens last 30 days; the refresh token is continuous (it is
 * renewed with each refresh, 60 days).
 */
@ApplicationScoped
public class PinterestConnectFlow implements ConnectFlow {

    static final String AUTHORIZE_URL = "https://www.pinterest.com/oauth/";
    static final String API_URL = "https://api.pinterest.com";
    /** What publishing needs: the account, its boards, and writing Pins. */
    static final String SCOPES = "boards:read pins:read pins:write user_accounts:read";

    private final PublisherConfig.App app;
    private final HttpClient http;
    private final PlatformHttp profiles;

    public PinterestConnectFlow(PublisherConfig config) {
        this.app = config.apps().get("pinterest");
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.profiles = new PlatformHttp(config.platformTimeout());
    }

    @Override
    public String platform() {
        return "pinterest";
    }

    @Override
    public boolean configured() {
        return app != null && app.clientId().isPresent() && app.clientSecret().isPresent();
    }

    @Override
    public URI authorizationUrl(String state, String codeChallenge, String redirectUri, Map<String, String> params) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", app.clientId().orElseThrow());
        query.put("redirect_uri", redirectUri);
        query.put("response_type", "code");
        // Pinterest's scopes are comma-separated in the consent URL.
        query.put("scope", SCOPES.replace(' ', ','));
        query.put("state", state);
        return URI.create(app.authorizeUrl().orElse(AUTHORIZE_URL) + "?" + Query.encode(query));
    }

    @Override
    public ConnectedIdentity complete(
            String code, String codeVerifier, String redirectUri, Map<String, String> params) {
        Credentials credentials = tokens().exchangeCode(code, codeVerifier, redirectUri);
        JsonNode me = Profiles.fetch(
                profiles, URI.create(api() + "/v5/user_account"), credentials.accessToken(), "Pinterest", "username");
        return new ConnectedIdentity(
                me.path("id").asText(me.path("username").asText()),
                me.path("username").asText(),
                me.path("business_name").asText(me.path("username").asText()),
                me.path("profile_image").asText(null),
                credentials);
    }

    @Override
    public Credentials refresh(Credentials current) {
        return tokens().refresh(current);
    }

    String api() {
        return app.apiBaseUrl().orElse(API_URL);
    }

    private OAuth2Client tokens() {
        return new OAuth2Client(
                http,
                URI.create(app.tokenUrl().orElse(api() + "/v5/oauth/token")),
                app.clientId().orElseThrow(),
                app.clientSecret().orElseThrow());
    }
}

package dev.herald.publisher.connector.x;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.publisher.account.ConnectedIdentity;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.ConnectFlow;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.connector.http.Query;
import dev.herald.publisher.connector.oauth.OAuth2Client;
import dev.herald.publisher.connector.oauth.Pkce;
import dev.herald.publisher.connector.oauth.Profiles;

/**
 * Connecting an X account: OAuth 2.0 authorization code with PKCE
 * (https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code), then {@code GET /2/users/me}
 * for who it is. {@code offline.access} asks for a refresh token; access tokens live 2 hours.
 */
@ApplicationScoped
public class XConnectFlow implements ConnectFlow {

    static final String AUTHORIZE_URL = "https://x.com/i/oauth2/authorize";
    static final String TOKEN_URL = "https://api.x.com/2/oauth2/token";
    static final String API_URL = "https://api.x.com";
    /** What publishing needs: read and write posts, upload media, know the user; offline.access for refresh. */
    static final String SCOPES = "tweet.read tweet.write users.read media.write offline.access";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublisherConfig.App app;
    private final HttpClient http;
    private final PlatformHttp profiles;

    public XConnectFlow(PublisherConfig config) {
        this.app = config.apps().get("x");
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.profiles = new PlatformHttp(config.platformTimeout());
    }

    @Override
    public String platform() {
        return "x";
    }

    @Override
    public boolean configured() {
        return app != null && app.clientId().isPresent();
    }

    @Override
    public URI authorizationUrl(String state, String codeChallenge, String redirectUri, Map<String, String> params) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", app.clientId().orElseThrow());
        query.put("redirect_uri", redirectUri);
        query.put("scope", SCOPES);
        query.put("state", state);
        Pkce.addChallenge(query, codeChallenge);
        String encoded = Query.encode(query);
        return URI.create(app.authorizeUrl().orElse(AUTHORIZE_URL) + "?" + encoded);
    }

    @Override
    public ConnectedIdentity complete(
            String code, String codeVerifier, String redirectUri, Map<String, String> params) {
        Credentials credentials = tokens().exchangeCode(code, codeVerifier, redirectUri);
        JsonNode me = Profiles.fetch(
                        profiles,
                        URI.create(app.apiBaseUrl().orElse(API_URL) + "/2/users/me?user.fields=profile_image_url"),
                        credentials.accessToken(),
                        "X",
                        "id")
                .path("data");
        return new ConnectedIdentity(
                me.path("id").asText(),
                me.path("username").asText(),
                me.path("name").asText(null),
                me.path("profile_image_url").asText(null),
                credentials);
    }

    @Override
    public Credentials refresh(Credentials current) {
        return tokens().refresh(current);
    }

    private OAuth2Client tokens() {
        return new OAuth2Client(
                http,
                URI.create(app.tokenUrl().orElse(TOKEN_URL)),
                app.clientId().orElseThrow(),
                app.clientSecret().orElse(null));
    }
}

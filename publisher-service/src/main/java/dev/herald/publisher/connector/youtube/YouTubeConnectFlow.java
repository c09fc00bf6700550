package dev.herald.publisher.connector.youtube;

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
import dev.herald.publisher.connector.oauth.OAuthException;
import dev.herald.publisher.connector.oauth.Pkce;
import dev.herald.publisher.connector.oauth.Profiles;

/**
 * Connecting a YouTube channel: Google's OAuth 2.0 for web server apps with PKCE
 * (https://developers.google.com/identity/protocols/oauth2/web-server), {@code access_type=offline} and
 * {@code prompt=consent} so that Google hands out a refresh token on every connect (it gives one only on the first
 * consent otherwise), the code exchanged at {@code https://oauth2.googleapis.com/token} with the client credentials in
 * the form, then {@code GET /youtube/v3/channels?part=snippet&mine=true}
 * (https://developers.google.com/youtube/v3/docs/channels/list): the channel is the account. Access tokens last an
 * hour; the refresh token does not rotate (Google's refresh answer has none, the stored one is kept) and stops working
 * when the user revokes access ({@code invalid_grant}: the account expires).
 */
@ApplicationScoped
public class YouTubeConnectFlow implements ConnectFlow {

    static final String PLATFORM = "youtube";
    static final String AUTHORIZE_URL = "https://accounts.google.com/o/oauth2/v2/auth";
    static final String TOKEN_URL = "https://oauth2.googleapis.com/token";
    static final String API_URL = "https://www.googleapis.com";
    /** Uploading, and reading the channel and its uploads back (channels.list mine=true, videos.list). */
    static final String SCOPES =
            "https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.readonly";

    private final PublisherConfig.App app;
    private final HttpClient http;
    private final PlatformHttp profiles;

    public YouTubeConnectFlow(PublisherConfig config) {
        this.app = config.apps().get(PLATFORM);
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.profiles = new PlatformHttp(config.platformTimeout());
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
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", app.clientId().orElseThrow());
        query.put("redirect_uri", redirectUri);
        query.put("response_type", "code");
        query.put("scope", SCOPES);
        query.put("access_type", "offline");
        query.put("prompt", "consent");
        query.put("include_granted_scopes", "true");
        query.put("state", state);
        Pkce.addChallenge(query, codeChallenge);
        return URI.create(app.authorizeUrl().orElse(AUTHORIZE_URL) + "?" + Query.encode(query));
    }

    @Override
    public ConnectedIdentity complete(
            String code, String codeVerifier, String redirectUri, Map<String, String> params) {
        Credentials credentials = tokens().exchangeCode(code, codeVerifier, redirectUri);
        JsonNode channel = Profiles.fetch(
                        profiles,
                        URI.create(api() + "/youtube/v3/channels?part=snippet&mine=true"),
                        credentials.accessToken(),
                        "YouTube",
                        "items")
                .path("items")
                .path(0);
        if (!channel.hasNonNull("id")) {
            // A Google account without a channel: nothing to upload to until the user creates one.
            throw new OAuthException(
                    true,
                    "no_channel",
                    "This Google account has no YouTube channel; create one on youtube.com, then connect again.");
        }
        JsonNode snippet = channel.path("snippet");
        return new ConnectedIdentity(
                channel.get("id").asText(),
                snippet.path("customUrl").asText(channel.get("id").asText()),
                snippet.path("title").asText(null),
                snippet.path("thumbnails").path("default").path("url").asText(null),
                credentials);
    }

    @Override
    public Credentials refresh(Credentials current) {
        return tokens().refresh(current);
    }

    String api() {
        return app == null ? API_URL : app.apiBaseUrl().orElse(API_URL);
    }

    private OAuth2Client tokens() {
        return new OAuth2Client(
                http,
                URI.create(app.tokenUrl().orElse(TOKEN_URL)),
                app.clientId().orElseThrow(),
                app.clientSecret().orElseThrow(),
                true);
    }
}

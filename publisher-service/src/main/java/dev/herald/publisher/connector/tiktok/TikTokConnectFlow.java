package dev.herald.publisher.connector.tiktok;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.publisher.account.ConnectedIdentity;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.ConnectFlow;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.connector.http.Query;
import dev.herald.publisher.connector.http.UnknownOutcomeException;
import dev.herald.publisher.connector.oauth.OAuth2Client;
import dev.herald.publisher.connector.oauth.OAuthException;
import dev.herald.publisher.connector.oauth.Pkce;
import dev.herald.publisher.connector.oauth.Profiles;

/**
 * Connecting a TikTok account with Login Kit's OAuth v2 (https://developers.tiktok.com/doc/login-kit-web,
 * https://developers.tiktok.com/doc/oauth-user-access-token-management): the consent page
 * {@code /v2/auth/authorize/} with {@code client_key}, comma-separated scopes and a PKCE S256 challenge, the code
 * exchanged at {@code POST /v2/oauth/token/} ({@code client_key}, {@code client_secret} and the verifier in the form —
 * TikTok names the client {@code client_key}, so the generic OAuth client does not fit), then
 * {@code GET /v2/user/info/}; the account is the user's {@code open_id}. Access tokens last {@code expires_in} (24
 * hours), refresh tokens {@code refresh_expires_in} (365 days) and rotate: each refresh answers a new one.
 */
@ApplicationScoped
public class TikTokConnectFlow implements ConnectFlow {

    static final String PLATFORM = "tiktok";
    static final String AUTHORIZE_URL = "https://www.tiktok.com/v2/auth/authorize/";
    static final String API_URL = "https://open.tiktokapis.com";
    /**
     * Knowing the user, posting straight to their profile (Direct Post), and reading metrics back: the user's follower
     * count ({@code user.info.stats}) and their videos' counts ({@code video.list}).
     */
    static final String SCOPES = "user.info.basic,user.info.stats,video.list,video.publish";

    private final PublisherConfig.App app;
    private final PlatformHttp http;

    public TikTokConnectFlow(PublisherConfig config) {
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
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_key", app.clientId().orElseThrow());
        query.put("scope", SCOPES);
        query.put("response_type", "code");
        query.put("redirect_uri", redirectUri);
        query.put("state", state);
        Pkce.addChallenge(query, codeChallenge);
        return URI.create(app.authorizeUrl().orElse(AUTHORIZE_URL) + "?" + Query.encode(query));
    }

    @Override
    public ConnectedIdentity complete(
            String code, String codeVerifier, String redirectUri, Map<String, String> params) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("code", code);
        form.put("grant_type", "authorization_code");
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier);
        Credentials credentials = token(form, null);
        JsonNode user = Profiles.fetch(
                        http,
                        URI.create(api() + "/v2/user/info/?fields=open_id,avatar_url,display_name,username"),
                        credentials.accessToken(),
                        "TikTok",
                        "user")
                .path("data")
                .path("user");
        return new ConnectedIdentity(
                user.path("open_id").asText(),
                user.path("username").asText(user.path("display_name").asText()),
                user.path("display_name").asText(null),
                user.path("avatar_url").asText(null),
                credentials);
    }

    @Override
    public Credentials refresh(Credentials current) {
        return token(OAuth2Client.refreshForm(current), current);
    }

    String api() {
        return app == null ? API_URL : app.apiBaseUrl().orElse(API_URL);
    }

    /** {@code POST /v2/oauth/token/}: an error is {@code {error, error_description, log_id}}. */
    private Credentials token(Map<String, String> form, Credentials current) {
        form.put("client_key", app.clientId().orElseThrow());
        form.put("client_secret", app.clientSecret().orElseThrow());
        PlatformHttp.Answer answer;
        try {
            answer = http.postBody(
                    URI.create(app.tokenUrl().orElse(api() + "/v2/oauth/token/")),
                    Map.of(),
                    "application/x-www-form-urlencoded",
                    HttpRequest.BodyPublishers.ofString(Query.encode(form)));
        } catch (PlatformHttp.NotSent | UnknownOutcomeException e) {
            throw OAuthException.transientFailure("TikTok's token endpoint could not be reached: " + e.getMessage());
        }
        JsonNode body = answer.body();
        if (answer.ok() && body.hasNonNull("access_token")) {
            List<String> scopes = body.hasNonNull("scope")
                    ? Arrays.asList(body.get("scope").asText().split(","))
                    : current == null ? List.of() : current.scopes();
            return new Credentials(
                            body.get("access_token").asText(),
                            body.path("refresh_token").asText(null),
                            Instant.now().plusSeconds(body.path("expires_in").asLong(86_400)),
                            scopes,
                            current == null ? Map.of() : current.secrets())
                    .keepingRefreshTokenOf(current);
        }
        String error = body.path("error").asText("http_" + answer.status());
        boolean permanent = answer.status() != 429 && answer.status() < 500 && !"server_error".equals(error);
        throw new OAuthException(
                permanent,
                error,
                "TikTok answered " + answer.status() + " " + error + ": "
                        + body.path("error_description").asText("no details") + " (log_id "
                        + body.path("log_id").asText("none") + ")");
    }
}

package dev.herald.publisher.connector.linkedin;

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
import dev.herald.publisher.connector.oauth.Profiles;

/**
 * Connecting a LinkedIn member: 3-legged OAuth 2
 * (https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow) with the client
 * credentials in the form, scopes {@code openid profile w_member_social}, then the OpenID userinfo for who it is
 * (https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2). Access tokens
 * live 60 days; only approved partners get refresh tokens, so for most apps the account is announced
 * {@code account.expiring} a week before and the user reconnects.
 */
@ApplicationScoped
public class LinkedInConnectFlow implements ConnectFlow {

    static final String AUTHORIZE_URL = "https://www.linkedin.com/oauth/v2/authorization";
    static final String TOKEN_URL = "https://www.linkedin.com/oauth/v2/accessToken";
    static final String API_URL = "https://api.linkedin.com";
    static final String SCOPES = "openid profile w_member_social";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublisherConfig.App app;
    private final PlatformHttp profiles;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public LinkedInConnectFlow(PublisherConfig config) {
        this.app = config.apps().get("linkedin");
        this.profiles = new PlatformHttp(config.platformTimeout());
    }

    @Override
    public String platform() {
        return "linkedin";
    }

    @Override
    public boolean configured() {
        return app != null && app.clientId().isPresent() && app.clientSecret().isPresent();
    }

    @Override
    public URI authorizationUrl(String state, String codeChallenge, String redirectUri, Map<String, String> params) {
        // LinkedIn's web flow has no PKCE; the single-use state and the confidential client protect the code.
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", app.clientId().orElseThrow());
        query.put("redirect_uri", redirectUri);
        query.put("state", state);
        query.put("scope", SCOPES);
        return URI.create(app.authorizeUrl().orElse(AUTHORIZE_URL) + "?" + Query.encode(query));
    }

    @Override
    public ConnectedIdentity complete(
            String code, String codeVerifier, String redirectUri, Map<String, String> params) {
        Credentials credentials = tokens().exchangeCode(code, codeVerifier, redirectUri);
        JsonNode me = Profiles.fetch(
                profiles,
                URI.create(app.apiBaseUrl().orElse(API_URL) + "/v2/userinfo"),
                credentials.accessToken(),
                "LinkedIn",
                "sub");
        String name = me.path("name").asText(null);
        return new ConnectedIdentity(
                me.path("sub").asText(),
                name == null ? me.path("sub").asText() : name,
                name,
                me.path("picture").asText(null),
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
                app.clientSecret().orElseThrow(),
                true);
    }
}

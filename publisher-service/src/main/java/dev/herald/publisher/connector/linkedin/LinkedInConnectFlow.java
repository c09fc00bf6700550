package dev.herald.publisher.connector.linkedin;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.publisher.account.ConnectedIdentity;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.ConnectFlow;
import dev.herald.publisher.connector.oauth.OAuth2Client;
import dev.herald.publisher.connector.oauth.OAuthException;

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
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public LinkedInConnectFlow(PublisherConfig config) {
        this.app = config.apps().get("linkedin");
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
        return URI.create(app.authorizeUrl().orElse(AUTHORIZE_URL) + "?"
                + query.entrySet().stream()
                        .map(e -> e.getKey() + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)
                                        .replace("+", "%20"))
                        .collect(Collectors.joining("&")));
    }

    @Override
    public ConnectedIdentity complete(
            String code, String codeVerifier, String redirectUri, Map<String, String> params) {
        Credentials credentials = tokens().exchangeCode(code, codeVerifier, redirectUri);
        JsonNode me = userinfo(credentials.accessToken());
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

    private JsonNode userinfo(String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.apiBaseUrl().orElse(API_URL) + "/v2/userinfo"))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() == 200 && body.hasNonNull("sub")) {
                return body;
            }
            throw new OAuthException(
                    response.statusCode() / 100 == 4 && response.statusCode() != 429,
                    "profile_unavailable",
                    "LinkedIn answered " + response.statusCode() + " to userinfo: "
                            + body.path("message").asText(""));
        } catch (IOException e) {
            throw OAuthException.transientFailure("LinkedIn could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OAuthException.transientFailure("Interrupted while calling LinkedIn.");
        }
    }
}

package dev.herald.publisher.connector.mastodon;

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
 * Connecting an account on any Mastodon instance (https://docs.joinmastodon.org/client/token/): Herald's app is
 * registered on the instance on first use, the user authorises it on the instance's {@code /oauth/authorize} (with
 * PKCE, which Mastodon supports since 4.3), and {@code verify_credentials} says who they are. Mastodon tokens do not
 * expire and have no refresh.
 */
@ApplicationScoped
public class MastodonConnectFlow implements ConnectFlow {

    static final String INSTANCE_URL = "instance_url";

    private final InstanceApps apps;
    private final PlatformHttp http;
    private final HttpClient tokenClient = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final boolean allowPrivate;

    public MastodonConnectFlow(InstanceApps apps, PublisherConfig config) {
        this.apps = apps;
        this.http = new PlatformHttp(config.platformTimeout());
        this.allowPrivate = config.allowPrivateInstanceUrls();
    }

    @Override
    public String platform() {
        return "mastodon";
    }

    @Override
    public boolean configured() {
        return true; // Herald registers itself on each instance
    }

    @Override
    public URI authorizationUrl(String state, String codeChallenge, String redirectUri, Map<String, String> params) {
        String instance = InstanceUrls.normalize(params.get(INSTANCE_URL), allowPrivate);
        params.put(INSTANCE_URL, instance);
        InstanceApps.Client client = apps.forInstance(http, instance, redirectUri);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.clientId());
        query.put("redirect_uri", redirectUri);
        query.put("scope", InstanceApps.SCOPES);
        query.put("state", state);
        Pkce.addChallenge(query, codeChallenge);
        return URI.create(instance + "/oauth/authorize?" + Query.encode(query));
    }

    @Override
    public ConnectedIdentity complete(
            String code, String codeVerifier, String redirectUri, Map<String, String> params) {
        String instance = params.get(INSTANCE_URL);
        InstanceApps.Client client = apps.forInstance(http, instance, redirectUri);
        Credentials tokens = new OAuth2Client(
                        tokenClient, URI.create(instance + "/oauth/token"), client.clientId(), client.clientSecret())
                .exchangeCode(code, codeVerifier, redirectUri);
        Credentials credentials =
                new Credentials(tokens.accessToken(), null, null, tokens.scopes(), Map.of(INSTANCE_URL, instance));
        JsonNode me = Profiles.fetch(
                http,
                URI.create(instance + "/api/v1/accounts/verify_credentials"),
                tokens.accessToken(),
                "The instance",
                "id");
        String host = URI.create(instance).getHost();
        return new ConnectedIdentity(
                me.path("id").asText() + "@" + host,
                me.path("username").asText() + "@" + host,
                me.path("display_name").asText(null),
                me.path("avatar").asText(null),
                credentials);
    }

    @Override
    public Credentials refresh(Credentials current) {
        throw new OAuthException(true, "no_refresh", "Mastodon tokens do not expire and cannot be refreshed.");
    }
}

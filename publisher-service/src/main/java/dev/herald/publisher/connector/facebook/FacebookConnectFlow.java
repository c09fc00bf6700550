package dev.herald.publisher.connector.facebook;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.publisher.account.ConnectedIdentity;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.ConnectFlow;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.connector.oauth.OAuthException;

/**
 * Connecting a Facebook Page with Facebook Login (https://developers.facebook.com/docs/facebook-login/guides/advanced/
 * manual-flow, https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived): the consent
 * dialog, the code for a user token, that exchanged at once for a long-lived one ({@code fb_exchange_token}), and with
 * it the user's Pages ({@code GET /me/accounts}, https://developers.facebook.com/docs/pages-api/getting-started). The
 * account is one Page: the {@code page_id} of the connect call, or, without one, the first Page the user granted. A
 * Page token obtained with a long-lived user token has no expiry, so there is nothing to refresh: it stops working only
 * when the user withdraws the grant (then publishing answers {@code auth_expired} and the user reconnects).
 */
@ApplicationScoped
public class FacebookConnectFlow implements ConnectFlow {

    static final String PLATFORM = "facebook";
    static final String AUTHORIZE_URL = "https://www.facebook.com/" + FacebookConnector.API_VERSION + "/dialog/oauth";
    static final String API_URL = "https://graph.facebook.com";
    static final String SCOPES = "pages_manage_posts,pages_read_engagement,pages_show_list";
    /** The connect call's parameter naming the Page to connect. */
    public static final String PAGE_ID = "page_id";

    private final PublisherConfig.App app;
    private final PlatformHttp http;

    public FacebookConnectFlow(PublisherConfig config) {
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
        String tokenUrl = app.tokenUrl().orElse(api() + "/oauth/access_token");
        JsonNode shortLived = call(
                tokenUrl,
                Map.of(
                        "client_id",
                        app.clientId().orElseThrow(),
                        "client_secret",
                        app.clientSecret().orElseThrow(),
                        "redirect_uri",
                        redirectUri,
                        "code",
                        code));
        JsonNode longLived = call(
                tokenUrl,
                Map.of(
                        "grant_type", "fb_exchange_token",
                        "client_id", app.clientId().orElseThrow(),
                        "client_secret", app.clientSecret().orElseThrow(),
                        "fb_exchange_token", shortLived.path("access_token").asText()));
        JsonNode pages = call(
                api() + "/me/accounts",
                Map.of(
                        "fields", "id,name,access_token,tasks,picture{url}",
                        "limit", "100",
                        "access_token", longLived.path("access_token").asText()));
        JsonNode page = choose(pages.path("data"), params.get(PAGE_ID));
        return new ConnectedIdentity(
                page.path("id").asText(),
                page.path("name").asText(),
                page.path("name").asText(null),
                page.path("picture").path("data").path("url").asText(null),
                new Credentials(page.path("access_token").asText(), null, null, List.of(SCOPES.split(",")), Map.of()));
    }

    /** Page tokens do not expire (see above); Herald never asks, since they carry no expiry. */
    @Override
    public Credentials refresh(Credentials current) {
        return current;
    }

    /** The Page asked for, or the first one; the user granted none (or not that one): a permanent failure. */
    private static JsonNode choose(JsonNode pages, String pageId) {
        for (JsonNode page : pages) {
            if (pageId == null || pageId.equals(page.path("id").asText())) {
                if (!page.hasNonNull("access_token")) {
                    break;
                }
                return page;
            }
        }
        throw new OAuthException(
                true,
                "page_not_granted",
                pageId == null
                        ? "The Facebook user granted Herald no Page (pages_show_list): choose a Page on the consent page."
                        : "The Facebook user did not grant Herald the Page " + pageId + ".");
    }

    private String api() {
        return app.apiBaseUrl().orElse(API_URL) + "/" + FacebookConnector.API_VERSION;
    }

    private JsonNode call(String url, Map<String, String> params) {
        return MetaGraph.connectCall(http, "Facebook", "GET", url, params);
    }
}

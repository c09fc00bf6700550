package dev.herald.publisher.connector.linkedin;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.kit.error.ApiException;
import dev.herald.publisher.account.ConnectedIdentity;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.ConnectFlow;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.connector.http.Query;
import dev.herald.publisher.connector.oauth.OAuth2Client;
import dev.herald.publisher.connector.oauth.OAuthException;
import dev.herald.publisher.connector.oauth.Profiles;

/**
 * Connecting a LinkedIn member, or an organization (company page) they administer: 3-legged OAuth 2
 * (https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow) with the client
 * credentials in the form, scopes {@code openid profile w_member_social}, then the OpenID userinfo for who it is
 * (https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2). With
 * {@code organization_id} the flow also asks the Community Management scopes {@code w_organization_social}
 * (posting as the page), {@code r_organization_social} and {@code rw_organization_admin} (its posts' statistics and
 * follower count), checks with {@code GET /rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED}
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role)
 * that the member administers it, and the account is the organization ({@code urn:li:organization:{id}}, named
 * from {@code GET /rest/organizations/{id}}). Those scopes need LinkedIn's approval of the app, so a member connect
 * does not ask them. Access tokens live 60 days; only approved partners get refresh tokens, so for most apps the
 * account is announced {@code account.expiring} a week before and the user reconnects.
 */
@ApplicationScoped
public class LinkedInConnectFlow implements ConnectFlow {

    static final String AUTHORIZE_URL = "https://www.linkedin.com/oauth/v2/authorization";
    static final String TOKEN_URL = "https://www.linkedin.com/oauth/v2/accessToken";
    static final String API_URL = "https://api.linkedin.com";
    static final String SCOPES = "openid profile w_member_social";
    static final String ORGANIZATION_SCOPES =
            SCOPES + " w_organization_social r_organization_social rw_organization_admin";
    /** The connect call's parameter naming the organization to connect. */
    static final String ORGANIZATION_ID = "organization_id";

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
        String organization = params.get(ORGANIZATION_ID);
        if (organization != null && !organization.matches("\\d{1,19}")) {
            throw new ApiException(
                    400,
                    "invalid_organization_id",
                    "A LinkedIn organization_id is the number in urn:li:organization:{id}, not '" + organization
                            + "'.");
        }
        // LinkedIn's web flow has no PKCE; the single-use state and the confidential client protect the code.
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", app.clientId().orElseThrow());
        query.put("redirect_uri", redirectUri);
        query.put("state", state);
        query.put("scope", organization == null ? SCOPES : ORGANIZATION_SCOPES);
        return URI.create(app.authorizeUrl().orElse(AUTHORIZE_URL) + "?" + Query.encode(query));
    }

    @Override
    public ConnectedIdentity complete(
            String code, String codeVerifier, String redirectUri, Map<String, String> params) {
        Credentials credentials = tokens().exchangeCode(code, codeVerifier, redirectUri);
        JsonNode me = Profiles.fetch(
                profiles, URI.create(api() + "/v2/userinfo"), credentials.accessToken(), "LinkedIn", "sub");
        String organization = params.get(ORGANIZATION_ID);
        if (organization != null) {
            return organization(organization, credentials);
        }
        String name = me.path("name").asText(null);
        return new ConnectedIdentity(
                me.path("sub").asText(),
                name == null ? me.path("sub").asText() : name,
                name,
                me.path("picture").asText(null),
                credentials);
    }

    /** The organization as the account, once LinkedIn confirms the member administers it. */
    private ConnectedIdentity organization(String id, Credentials credentials) {
        String urn = LinkedInConnector.ORGANIZATION_URN + id;
        JsonNode acls = read(
                "/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED", credentials.accessToken());
        boolean admin = false;
        for (JsonNode acl : acls.path("elements")) {
            admin |= urn.equals(acl.path("organization").asText());
        }
        if (!admin) {
            throw new OAuthException(
                    true,
                    "organization_not_administered",
                    "The LinkedIn member is not an approved administrator of organization " + id
                            + "; an administrator of the page must connect it.");
        }
        JsonNode page = read("/rest/organizations/" + id, credentials.accessToken());
        String name = page.path("localizedName").asText(null);
        return new ConnectedIdentity(
                urn, page.path("vanityName").asText(urn), name == null ? urn : name, null, credentials);
    }

    private JsonNode read(String path, String token) {
        PlatformHttp.Answer answer;
        try {
            answer = profiles.get(URI.create(api() + path), LinkedInConnector.headers(token));
        } catch (PlatformHttp.NotSent e) {
            throw OAuthException.transientFailure("LinkedIn could not be reached: " + e.getMessage());
        }
        if (!answer.ok()) {
            throw new OAuthException(
                    answer.status() / 100 == 4 && answer.status() != 429,
                    "organization_unavailable",
                    "LinkedIn answered " + answer.status() + " to "
                            + URLEncoder.encode(path, StandardCharsets.UTF_8) + ": "
                            + answer.body().path("message").asText("no detail"));
        }
        return answer.body();
    }

    @Override
    public Credentials refresh(Credentials current) {
        return tokens().refresh(current);
    }

    private String api() {
        return app.apiBaseUrl().orElse(API_URL);
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

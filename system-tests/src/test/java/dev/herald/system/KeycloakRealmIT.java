package dev.herald.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * The Keycloak realm Herald ships ({@code deploy/keycloak/herald-realm.json}, also in {@code k8s/}) against a real
 * Keycloak and a real gateway: the dashboard client signs a user in with the authorization code flow and PKCE (the
 * realm's temporary password is changed on first sign-in, as a real user would), and the access token it gets is
 * accepted by the gateway — audience {@code herald-api}, the organizations claim {@code herald_orgs} — to act in a
 * workspace of the user's organization. An operator's one step is done through Keycloak's admin API: the user's
 * {@code herald_orgs} attribute names the organization Herald created.
 */
class KeycloakRealmIT {

    private static final String ADMIN_TOKEN = "system-test-" + UUID.randomUUID();
    private static final String USER = "admin@herald.local";
    private static final String REDIRECT_URI = "http://localhost:3000/callback";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");

    private static RealKeycloak keycloak;
    private static HeraldStack stack;

    @BeforeAll
    static void start() {
        Path data = HeraldPaths.root().resolve("system-tests/target/stack-keycloak-" + System.currentTimeMillis());
        keycloak = new RealKeycloak();
        stack = HeraldStack.create(HeraldStack.Options.forTests(data, ADMIN_TOKEN));
        try {
            data.resolve("logs").toFile().mkdirs();
            keycloak.start(data.resolve("logs/keycloak.log"));
            stack.environment("api-gateway", "HERALD_GATEWAY_USERS_ENABLED", "true");
            stack.environment("api-gateway", "HERALD_GATEWAY_USERS_ISSUER", keycloak.issuer());
            stack.startAll();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void shouldActInTheOrganizationsWorkspaceWhenTheDashboardSignedTheUserInThroughTheShippedRealm() throws Exception {
        var created = provision("Keycloak users");
        String organization = created.path("organization_id");
        String workspace = created.path("workspace_id");
        mapUserToOrganization(organization + ":admin");

        String accessToken = signInThroughTheDashboard("change-me", "a-new-password-" + UUID.randomUUID());

        given().baseUri(stack.gatewayUrl())
                .header("Authorization", "Bearer " + accessToken)
                .header("Herald-Workspace", workspace)
                .get("/v1/me")
                .then()
                .statusCode(200)
                .body("workspace_id", equalTo(workspace))
                .body("organization_id", equalTo(organization))
                .body("user.email", equalTo(USER))
                .body("user.organizations." + organization, equalTo("admin"))
                .body("scopes", hasItem("keys:write"));
        given().baseUri(stack.gatewayUrl())
                .header("Authorization", "Bearer " + accessToken)
                .header("Herald-Workspace", workspace)
                .get("/v1/posts")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(0));
        // A workspace of another organization is not the user's: 404, as for any other object of another workspace.
        String foreign = provision("Someone else").path("workspace_id");
        given().baseUri(stack.gatewayUrl())
                .header("Authorization", "Bearer " + accessToken)
                .header("Herald-Workspace", foreign)
                .get("/v1/me")
                .then()
                .statusCode(404);
    }

    @Test
    void shouldRefuseTheDashboardsSignInWhenItComesWithoutPkce() throws Exception {
        Browser browser = browser();
        String query = form(Map.of(
                "client_id", "herald-dashboard",
                "redirect_uri", REDIRECT_URI,
                "response_type", "code",
                "scope", "openid",
                "state", "s-" + UUID.randomUUID()));

        HttpResponse<String> answer = browser.send(
                HttpRequest.newBuilder(URI.create(keycloak.issuer() + "/protocol/openid-connect/auth?" + query)));

        // The realm requires S256 for this public client: Keycloak sends the browser back with the error.
        assertEquals(302, answer.statusCode(), answer.body());
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT_URI), location);
        assertEquals("invalid_request", queryParameter(location, "error"), location);
    }

    /** A new organization with one workspace, through the operator API. */
    private static ExtractableResponse<Response> provision(String name) {
        return given().baseUri(stack.gatewayUrl())
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/admin/v1/workspaces")
                .then()
                .statusCode(201)
                .extract();
    }

    /** What an operator does once per user: names their organizations and roles in the user's attribute. */
    private static void mapUserToOrganization(String organizationRole) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode token = JSON.readTree(http.send(
                        HttpRequest.newBuilder(
                                        URI.create(keycloak.url() + "/realms/master/protocol/openid-connect/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                        "grant_type", "password",
                                        "client_id", "admin-cli",
                                        "username", "admin",
                                        "password", "admin"))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        String admin = "Bearer " + token.path("access_token").asText();
        String users = keycloak.url() + "/admin/realms/herald/users";
        JsonNode found = JSON.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(users + "?exact=true&username="
                                        + URLEncoder.encode(USER, StandardCharsets.UTF_8)))
                                .header("Authorization", admin)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertEquals(1, found.size(), "the realm ships the user " + USER + ": " + found);
        JsonNode user = found.get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) user)
                .putObject("attributes")
                .putArray("herald_orgs")
                .add(organizationRole);
        HttpResponse<String> updated = http.send(
                HttpRequest.newBuilder(URI.create(users + "/" + user.path("id").asText()))
                        .header("Authorization", admin)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(user)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, updated.statusCode(), updated.body());
    }

    /**
     * The dashboard's sign-in as a browser does it: the authorization request with a PKCE challenge, the login form,
     * the form asking for a new password (the shipped one is temporary), the redirect with the code, and the code
     * exchanged with the verifier.
     */
    private static String signInThroughTheDashboard(String password, String newPassword) throws Exception {
        Browser browser = browser();
        String verifier = randomUrlSafe(48);
        String state = randomUrlSafe(16);
        String query = form(Map.of(
                "client_id", "herald-dashboard",
                "redirect_uri", REDIRECT_URI,
                "response_type", "code",
                "scope", "openid",
                "state", state,
                "code_challenge", challenge(verifier),
                "code_challenge_method", "S256"));
        HttpResponse<String> page = browser.send(
                HttpRequest.newBuilder(URI.create(keycloak.issuer() + "/protocol/openid-connect/auth?" + query)));
        assertEquals(200, page.statusCode(), page.body());

        page = submit(browser, page.body(), Map.of("username", USER, "password", password));
        assertEquals(
                200,
                page.statusCode(),
                "the temporary password leads to the update form: "
                        + page.headers().map() + page.body());
        assertTrue(page.body().contains("password-new"), page.body());
        page = submit(browser, page.body(), Map.of("password-new", newPassword, "password-confirm", newPassword));

        assertEquals(302, page.statusCode(), page.body());
        String location = page.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT_URI), location);
        assertEquals(state, queryParameter(location, "state"));
        String code = queryParameter(location, "code");

        HttpResponse<String> tokens =
                browser.send(HttpRequest.newBuilder(URI.create(keycloak.issuer() + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                "grant_type", "authorization_code",
                                "client_id", "herald-dashboard",
                                "redirect_uri", REDIRECT_URI,
                                "code", code,
                                "code_verifier", verifier)))));
        assertEquals(200, tokens.statusCode(), tokens.body());
        return JSON.readTree(tokens.body()).path("access_token").asText();
    }

    private static HttpResponse<String> submit(Browser browser, String html, Map<String, String> fields)
            throws IOException, InterruptedException {
        Matcher action = FORM_ACTION.matcher(html);
        assertTrue(action.find(), "a form in " + html);
        String url = action.group(1).replace("&amp;", "&");
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
        // Keycloak answers a form with a redirect to its next page (post/redirect/get): followed within Keycloak,
        // never to the client's redirect URI, whose code the caller takes.
        for (int hops = 0; answer.statusCode() == 302 && hops < 5; hops++) {
            String location = answer.headers().firstValue("Location").orElseThrow();
            if (location.startsWith(REDIRECT_URI)) {
                break;
            }
            answer = browser.send(
                    HttpRequest.newBuilder(URI.create(keycloak.issuer()).resolve(location)));
        }
        return answer;
    }

    private static Browser browser() {
        return new Browser();
    }

    /**
     * Sends back every cookie it was given, as a browser on localhost does: Keycloak marks its session cookies
     * {@code Secure; SameSite=None}, which {@link java.net.CookieManager} keeps off plain HTTP.
     */
    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        private final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (!cookies.isEmpty()) {
                request.header(
                        "Cookie",
                        cookies.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String header : answer.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.put(
                            pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
            return answer;
        }
    }

    private static String form(Map<String, String> fields) {
        return new LinkedHashMap<>(fields)
                .entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
    }

    private static String queryParameter(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? List.<String>of() : List.of(query.split("&"))) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String challenge(String verifier) throws NoSuchAlgorithmException {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}

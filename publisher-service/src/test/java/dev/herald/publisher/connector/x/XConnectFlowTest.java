package dev.herald.publisher.connector.x;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.herald.events.AccountEvent;
import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.Topics;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.credential.CredentialService;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.account.repository.AccountRepository;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

/**
 * Connecting X accounts through the consent page (OAuth 2 with PKCE and a single-use state) against a stub that
 * follows X's documented contract, and keeping them connected: refresh before expiry, once per account however many
 * triggers, transient failures retried, refusals and unrefreshable expiries announced.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = XApiStub.class)
class XConnectFlowTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Inject
    TokenService tokens;

    @Inject
    AccountRepository accounts;

    @Inject
    CredentialService credentials;

    @Test
    void shouldConnectTheAccountAndReturnToTheTenantWhenTheUserApproves() {
        XApiStub.User user = XApiStub.nextUser("herald_news");
        Map<String, Object> started = XConnectDance.start(workspace, "https://app.example.com/accounts?tab=social");
        URI consent = URI.create((String) started.get("authorization_url"));
        Map<String, String> query = XConnectDance.query(consent.getRawQuery());
        assertEquals("code", query.get("response_type"));
        assertEquals(XApiStub.CLIENT_ID, query.get("client_id"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertEquals(43, query.get("code_challenge").length());
        assertTrue(query.get("scope").contains("offline.access"), query.get("scope"));
        assertTrue(query.get("redirect_uri").endsWith("/v1/accounts/callback/x"), query.get("redirect_uri"));
        assertTrue(query.get("state").length() >= 43, "an unguessable state");

        URI back = URI.create(
                XConnectDance.callback(consent).then().statusCode(303).extract().header("Location"));
        Map<String, String> returned = XConnectDance.query(back.getRawQuery());
        assertEquals("social", returned.get("tab"), "the tenant's own query is kept");
        String accountId = returned.get("account_id");
        assertTrue(accountId.startsWith("acct_"), back.toString());

        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/accounts/" + accountId)
                .then()
                .statusCode(200)
                .body("platform", equalTo("x"))
                .body("handle", equalTo("herald_news"))
                .body("display_name", equalTo("herald_news (display)"))
                .body("avatar_url", startsWith("https://pbs.twimg.com/"))
                .body("status", equalTo("connected"))
                .body("sandbox", equalTo(false))
                .body("platform_api_version", equalTo("2"))
                .body("scopes", org.hamcrest.Matchers.hasItem("tweet.write"));
        Account account = account(accountId);
        Credentials stored = QuarkusTransaction.requiringNew()
                .call(() -> credentials.read(account))
                .orElseThrow();
        assertEquals(user.latestRefreshToken, stored.refreshToken());
        var events = TestKafka.await(Topics.ACCOUNTS, r -> accountId.equals(r.key()), 1, Duration.ofSeconds(15));
        assertEquals(EventTypes.ACCOUNT_CONNECTED, TestKafka.header(events.get(0), "ce_type"));
        assertFalse(events.get(0).value().contains(stored.accessToken()), "no token in events");
    }

    @Test
    void shouldRefuseTheCallbackWhenItsStateIsReusedUnknownOrForAnotherPlatform() {
        XApiStub.nextUser("replayed");
        URI consent = URI.create((String) XConnectDance.start(workspace, null).get("authorization_url"));
        Response first = XConnectDance.browse(consent);
        String callback = XConnectDance.pathAndQuery(URI.create(first.header("Location")));

        given().urlEncodingEnabled(false).get(callback).then().statusCode(200).body("handle", equalTo("replayed"));
        given().urlEncodingEnabled(false)
                .get(callback)
                .then()
                .statusCode(409)
                .body("error.code", equalTo("state_used"));
        given().get("/v1/accounts/callback/x?state=forged&code=c")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_state"));
        given().get("/v1/accounts/callback/x?code=c")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("validation_failed"));

        URI another = URI.create((String) XConnectDance.start(workspace, null).get("authorization_url"));
        String otherCallback = XConnectDance.pathAndQuery(
                URI.create(XConnectDance.browse(another).header("Location")));
        given().urlEncodingEnabled(false)
                .get(otherCallback.replace("/callback/x", "/callback/mastodon"))
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_state"))
                .body("error.message", equalTo("This state was issued for another platform."));
    }

    @Test
    void shouldReturnTheErrorToTheTenantWhenTheUserDenies() {
        XApiStub.nextUser("shy").deny = true;
        URI consent = URI.create((String)
                XConnectDance.start(workspace, "https://app.example.com/done").get("authorization_url"));

        String location =
                XConnectDance.callback(consent).then().statusCode(303).extract().header("Location");

        Map<String, String> returned = XConnectDance.query(URI.create(location).getRawQuery());
        assertEquals("authorization_denied", returned.get("error"));
        assertTrue(returned.get("error_description").contains("access_denied"), location);
    }

    @Test
    void shouldAnswer400WhenThePlatformCannotBeConnectedOrTheReturnUrlIsUnsafe() {
        given().header("Authorization", InternalTokens.bearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post("/v1/accounts/connect/tiktok")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("platform_not_configured"))
                .body("error.message", containsString("HERALD_PUBLISHER_APPS_TIKTOK_CLIENT_ID"));
        // LinkedIn has a flow, but this installation has no LinkedIn app.
        given().header("Authorization", InternalTokens.bearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post("/v1/accounts/connect/linkedin")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("platform_not_configured"));
        for (String unsafe :
                List.of("javascript:alert(1)", "http://evil.example.com/", "/relative", "https://a.b/#x")) {
            given().header("Authorization", InternalTokens.bearer(workspace))
                    .contentType(ContentType.JSON)
                    .body(Map.of("return_url", unsafe))
                    .post("/v1/accounts/connect/x")
                    .then()
                    .statusCode(400)
                    .body("error.details[0].field", equalTo("return_url"));
        }
    }

    @Test
    void shouldRefreshOnceAndKeepTheRotatedTokenWhenTenRefreshesAreTriggeredTogether() throws Exception {
        XApiStub.User user = XApiStub.nextUser("busy");
        user.firstExpiresIn = 60; // inside the 10-minute refresh lead: due at once
        String accountId = XConnectDance.connect(workspace);

        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<TokenService.Refresh>> results = new ArrayList<>();
        List<Callable<TokenService.Refresh>> triggers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            triggers.add(() -> tokens.refreshIfDue(accountId));
        }
        results.addAll(pool.invokeAll(triggers));
        pool.shutdown();

        long refreshed = 0;
        for (Future<TokenService.Refresh> result : results) {
            refreshed += result.get() == TokenService.Refresh.REFRESHED ? 1 : 0;
        }
        assertTrue(refreshed <= 1, "at most one of the triggers refreshed (the scheduler may have been first)");
        assertEquals(1, user.refreshCalls.get(), "one call to X's token endpoint");
        Account account = account(accountId);
        assertTrue(account.tokenExpiresAt().isAfter(Instant.now().plus(Duration.ofHours(1))));
        Credentials stored = QuarkusTransaction.requiringNew()
                .call(() -> credentials.read(account))
                .orElseThrow();
        assertEquals(user.latestRefreshToken, stored.refreshToken(), "X rotated it; the new one is kept");
    }

    @Test
    void shouldStayConnectedAndRetryWhenTheRefreshFailsTransiently() {
        XApiStub.User user = XApiStub.nextUser("patient");
        user.firstExpiresIn = 60;
        user.refreshUnavailable = true;
        String accountId = XConnectDance.connect(workspace);

        await().atMost(Duration.ofSeconds(20)).until(() -> user.refreshCalls.get() >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> account(accountId).lastError() != null);
        Account failed = account(accountId);
        assertEquals(Account.CONNECTED, failed.status(), "a transient failure never disconnects");
        assertTrue(failed.lastError().contains("503"), failed.lastError());

        user.refreshUnavailable = false;
        await().atMost(Duration.ofSeconds(20))
                .until(() -> account(accountId)
                        .tokenExpiresAt()
                        .isAfter(Instant.now().plus(Duration.ofHours(1))));
        assertEquals(null, account(accountId).lastError());
    }

    @Test
    void shouldExpireTheAccountAndAnnounceItWhenXRefusesTheRefresh() {
        XApiStub.User user = XApiStub.nextUser("revoked");
        user.firstExpiresIn = 60;
        user.refreshRevoked = true;
        String accountId = XConnectDance.connect(workspace);

        var events = TestKafka.await(
                Topics.ACCOUNTS,
                r -> accountId.equals(r.key()) && EventTypes.ACCOUNT_EXPIRED.equals(TestKafka.header(r, "ce_type")),
                1,
                Duration.ofSeconds(20));
        assertEquals(1, events.size());
        AccountEvent event = EventJson.read(events.get(0).value(), AccountEvent.class);
        assertEquals("expired", event.status());
        assertTrue(event.reason().contains("Value passed for the token was invalid"), event.reason());
        assertTrue(event.reconnectUrl().endsWith("/v1/accounts/connect/x"), event.reconnectUrl());
        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/accounts/" + accountId)
                .then()
                .body("status", equalTo("expired"))
                .body("last_error", startsWith("The platform refused to renew access"));
    }

    @Test
    void shouldAnnounceTheExpiryOnceWhenTheTokenCannotBeRefreshed() {
        XApiStub.User user = XApiStub.nextUser("offline_refused");
        user.offline = false; // no refresh token: the user must come back within the 2 hours
        String accountId = XConnectDance.connect(workspace);

        var events = TestKafka.await(
                Topics.ACCOUNTS,
                r -> accountId.equals(r.key()) && EventTypes.ACCOUNT_EXPIRING.equals(TestKafka.header(r, "ce_type")),
                2,
                Duration.ofSeconds(8));
        assertEquals(1, events.size(), "announced once, however often the refresher looks");
        AccountEvent event = EventJson.read(events.get(0).value(), AccountEvent.class);
        assertEquals("connected", event.status());
        assertTrue(event.expiresAt()
                .isBefore(Instant.now().plus(Duration.ofHours(2).plusMinutes(1))));
        assertNotNull(event.reconnectUrl());
    }

    private Account account(String id) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.findById(id));
    }
}

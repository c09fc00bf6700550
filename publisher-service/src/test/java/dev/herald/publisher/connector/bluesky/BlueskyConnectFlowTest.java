package dev.herald.publisher.connector.bluesky;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.credential.CredentialService;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.account.repository.AccountRepository;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;

/**
 * Connecting Bluesky accounts with an app password through {@code POST /v1/accounts/connect/bluesky}, and keeping the
 * session alive, against {@link BlueskyPdsStub}: refreshSession, the app-password fallback when the refresh JWT is no
 * longer taken, and expiry when the app password was revoked.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = BlueskyPdsStub.class)
class BlueskyConnectFlowTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Inject
    AccountRepository accounts;

    @Inject
    CredentialService credentials;

    @Test
    void shouldConnectTheAccountWithItsDidAndSessionWhenTheAppPasswordIsRight() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("alice.pds.test");

        String id = BlueskySignIn.signIn(workspace, Map.of("identifier", user.handle, "app_password", user.appPassword))
                .statusCode(201)
                .body("id", startsWith("acct_"))
                .body("platform", equalTo("bluesky"))
                .body("handle", equalTo("alice.pds.test"))
                .body("display_name", equalTo("alice (display)"))
                .body("status", equalTo("connected"))
                .extract()
                .path("id");

        Account account = account(id);
        assertEquals(user.did, account.externalId());
        Credentials stored = stored(account);
        assertEquals(user.did, stored.secrets().get("did"));
        assertEquals(user.appPassword, stored.secrets().get("app_password"), "kept (encrypted) to sign in again");
        assertTrue(stored.expiresAt().isAfter(Instant.now().plus(Duration.ofMinutes(110))), "the JWT's exp: 2 h");
        assertTrue(stored.hasRefreshToken());
        assertFalse(stored.toString().contains(user.appPassword), "never in logs");
    }

    @Test
    void shouldRefuseWithSignInRefusedWhenThePasswordIsWrong() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("bob.pds.test");

        BlueskySignIn.signIn(workspace, Map.of("identifier", user.handle, "app_password", "wrong-pass-word-1234"))
                .statusCode(400)
                .body("error.code", equalTo("sign_in_refused"))
                .body("error.message", containsString("Invalid identifier or password"));
    }

    @Test
    void shouldAnswer400WithTheFieldWhenAFieldIsMissingOrTheServiceUrlIsNotHttps() {
        BlueskySignIn.signIn(workspace, Map.of("identifier", "carol.pds.test"))
                .statusCode(400)
                .body("error.code", equalTo("validation_failed"))
                .body("error.details.field", hasItem("app_password"));
        BlueskySignIn.signIn(
                        workspace,
                        Map.of(
                                "identifier", "carol.example",
                                "app_password", "abcd-efgh-ijkl-mnop",
                                "service_url", "http://pds.example"))
                .statusCode(400)
                .body("error.details.code", hasItem("https_required"));
        BlueskySignIn.signIn(
                        workspace,
                        Map.of(
                                "identifier", "carol.example",
                                "app_password", "abcd-efgh-ijkl-mnop",
                                "service_url", "https://127.0.0.1:8443"))
                .statusCode(400)
                .body("error.details.code", hasItem("address_not_allowed"));
    }

    @Test
    void shouldAcceptTheConfiguredPdsAsServiceUrlWhenItIsLoopback() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("grace.pds.test");
        String configured =
                ConfigProvider.getConfig().getValue("herald.publisher.apps.bluesky.api-base-url", String.class);

        String id = BlueskySignIn.signIn(
                        workspace,
                        Map.of(
                                "identifier", user.handle,
                                "app_password", user.appPassword,
                                "service_url", configured + "/"))
                .statusCode(201)
                .extract()
                .path("id");

        assertEquals(configured, stored(account(id)).secrets().get("service_url"));
    }

    @Test
    void shouldRenewTheSessionWithRefreshSessionWhenTheAccessJwtIsAboutToExpire() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("dave.pds.test");
        user.firstAccessLifetime = 300; // inside the 10-minute refresh lead: due at once
        String id = BlueskySignIn.connect(workspace, user);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> account(id).tokenExpiresAt().isAfter(Instant.now().plus(Duration.ofHours(1))));
        assertTrue(user.refreshCalls.get() >= 1);
        assertEquals(1, user.createSessionCalls.get(), "the refresh JWT did it: no new sign-in");
        assertEquals(Account.CONNECTED, account(id).status());
    }

    @Test
    void shouldSignInAgainWithTheAppPasswordWhenTheRefreshJwtIsRefused() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("erin.pds.test");
        user.firstAccessLifetime = 300;
        user.refreshExpired = true;
        String id = BlueskySignIn.connect(workspace, user);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> account(id).tokenExpiresAt().isAfter(Instant.now().plus(Duration.ofHours(1))));
        assertTrue(user.refreshCalls.get() >= 1, "refreshSession was tried first");
        assertEquals(2, user.createSessionCalls.get(), "then a new session from the stored app password");
        assertEquals(Account.CONNECTED, account(id).status());
        assertEquals(user.appPassword, stored(account(id)).secrets().get("app_password"), "still kept");
    }

    @Test
    void shouldExpireTheAccountWhenTheAppPasswordWasRevokedToo() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("frank.pds.test");
        user.firstAccessLifetime = 300;
        String id = BlueskySignIn.connect(workspace, user);
        user.refreshExpired = true;
        user.passwordRevoked = true;

        await().atMost(Duration.ofSeconds(20))
                .until(() -> Account.EXPIRED.equals(account(id).status()));
        given().header("Authorization", "Bearer " + InternalTokens.forWorkspace(workspace, "live"))
                .get("/v1/accounts/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("expired"))
                .body("last_error", containsString("Invalid identifier or password"));
    }

    private Account account(String id) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.findById(id));
    }

    private Credentials stored(Account account) {
        return QuarkusTransaction.requiringNew()
                .call(() -> credentials.read(account))
                .orElseThrow();
    }
}

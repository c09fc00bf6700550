package dev.herald.publisher;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.herald.events.AccountEvent;
import dev.herald.events.EventJson;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

/** Sandbox accounts that impersonate a platform: its name everywhere, its permalinks, the sandbox's publishing. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class SandboxAccountsTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldListOnlyTheMatchingAccountsWhenFilteredByPlatformAndStatus() {
        String x = PublisherApi.sandboxAccount(workspace, "x", "one");
        String instagram = PublisherApi.sandboxAccount(workspace, "instagram", "two");
        String gone = PublisherApi.sandboxAccount(workspace, "x", "three");
        given().header("Authorization", InternalTokens.bearer(workspace))
                .delete("/v1/accounts/" + gone)
                .then()
                .statusCode(200);

        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/accounts?platform=x&status=connected")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of(x)));
        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/accounts?status=revoked")
                .then()
                .body("data.id", equalTo(List.of(gone)));
        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/accounts?platform=instagram")
                .then()
                .body("data.id", equalTo(List.of(instagram)));
        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/accounts?status=sleeping")
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("status"));
        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/accounts?platform=myspace")
                .then()
                .statusCode(400)
                .body("error.details[0].code", equalTo("unknown_platform"));
    }

    @Test
    void shouldAnnounceTheImpersonatedPlatformWhenASandboxAccountIsCreatedForX() {
        String account = PublisherApi.sandboxAccount(workspace, "x", "herald_news");

        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/accounts/" + account)
                .then()
                .statusCode(200)
                .body("platform", equalTo("x"))
                .body("sandbox", equalTo(true))
                .body("mode", equalTo("test"))
                .body("status", equalTo("connected"));
        var events = TestKafka.await(Topics.ACCOUNTS, r -> account.equals(r.key()), 1, Duration.ofSeconds(15));
        assertEquals(1, events.size());
        AccountEvent event = EventJson.read(events.get(0).value(), AccountEvent.class);
        assertEquals("x", event.platform(), "the post-service validates this account as an X account");
        assertEquals("test", event.mode());
    }

    @Test
    void shouldPublishToTheSandboxWithAnXPermalinkWhenTheAccountImpersonatesX() {
        String account = PublisherApi.sandboxAccount(workspace, "x", "herald_news");
        PublishRequest request = PublisherApi.request(workspace, account, "x", "Hello from a fake X", 1);

        PublisherApi.send(request);

        PublishResult result = PublisherApi.results(request.destinationId(), 1).get(0);
        assertEquals(PublishResult.PUBLISHED, result.status());
        assertEquals("https://sandbox.herald.dev/x/herald_news/status/" + result.platformPostId(), result.permalink());
        List<Map<String, Object>> seen = PublisherApi.publications(workspace, request.postId());
        assertEquals(1, seen.size(), "the sandbox received it, not X");
        assertEquals("x", seen.get(0).get("platform"));
        assertEquals(result.permalink(), seen.get(0).get("permalink"));
    }

    @Test
    void shouldUseInstagramsPermalinkShapeWhenTheAccountImpersonatesInstagram() {
        String account = PublisherApi.sandboxAccount(workspace, "instagram", "herald.pics");
        PublishRequest request = PublisherApi.request(workspace, account, "instagram", "A carousel, in theory", 1);

        PublisherApi.send(request);

        PublishResult result = PublisherApi.results(request.destinationId(), 1).get(0);
        assertEquals(PublishResult.PUBLISHED, result.status());
        assertEquals("instagram", result.platform());
        assertEquals("https://sandbox.herald.dev/instagram/p/" + result.platformPostId() + "/", result.permalink());
    }

    @Test
    void shouldKeepTheGenericSandboxPlatformWhenConnectedTheOriginalWay() {
        String account = PublisherApi.connect(workspace);
        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/accounts")
                .then()
                .statusCode(200)
                .body("data.id", hasItem(account))
                .body("data.find { it.id == '" + account + "' }.sandbox", equalTo(true));
        PublishRequest request = PublisherApi.request(workspace, account, "Plain sandbox", 1);

        PublisherApi.send(request);

        PublishResult result = PublisherApi.results(request.destinationId(), 1).get(0);
        assertEquals("https://sandbox.herald.dev/tester/posts/" + result.platformPostId(), result.permalink());
    }

    @Test
    void shouldRefuseAnImpersonatingSandboxAccountWhenTheKeyIsLive() {
        given().header("Authorization", "Bearer " + InternalTokens.forWorkspace(workspace, "live"))
                .contentType(ContentType.JSON)
                .body(Map.of("platform", "x", "handle", "brand"))
                .post("/v1/accounts/sandbox")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("test_mode_required"));
    }

    @Test
    void shouldAnswer400WithAFieldDetailWhenThePlatformIsUnknownOrMissing() {
        given().header("Authorization", InternalTokens.bearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of("platform", "myspace", "handle", "brand"))
                .post("/v1/accounts/sandbox")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("validation_failed"))
                .body("error.details[0].field", equalTo("platform"))
                .body("error.details[0].code", equalTo("unknown_platform"));
        given().header("Authorization", InternalTokens.bearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of("handle", "brand"))
                .post("/v1/accounts/sandbox")
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("platform"))
                .body("error.details[0].code", equalTo("required"));
    }
}

package dev.herald.post;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.herald.events.AccountEvent;
import dev.herald.events.EventTypes;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class PlatformValidationTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    private RequestSpecification live() {
        return given().header("Authorization", "Bearer " + InternalTokens.forWorkspace(workspace, "live"))
                .contentType(ContentType.JSON);
    }

    private String connectLive(String platform) {
        String account = "acct_" + UUID.randomUUID();
        TestKafka.send(
                Topics.ACCOUNTS,
                account,
                EventTypes.ACCOUNT_CONNECTED,
                new AccountEvent(account, workspace, platform, "@brand", "connected", "live", Instant.now()));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> live().body(Map.of("caption", "probe", "account_ids", List.of(account)))
                        .post("/v1/posts/validate")
                        .then()
                        .statusCode(200)
                        .body("problems.code", org.hamcrest.Matchers.not(hasItem("account_not_found"))));
        return account;
    }

    @Test
    void shouldReportEachDestinationsPlatformProblemsWhenValidating() {
        String x = connectLive("x");
        String youtube = connectLive("youtube");
        String caption = "a".repeat(281);

        live().body(Map.of("caption", caption, "account_ids", List.of(x, youtube)))
                .post("/v1/posts/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("problems.field", hasItem("destinations." + x + ".caption"))
                .body("problems.code", hasItem("text_too_long"))
                .body("problems.field", hasItem("destinations." + youtube + ".platform_options.title"))
                .body("problems.code", hasItem("media_required"));

        live().body(Map.of("caption", "Fits", "account_ids", List.of(x)))
                .post("/v1/posts/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true));
        live().body(Map.of("caption", caption, "account_ids", List.of(x), "mode", "draft"))
                .post("/v1/posts")
                .then()
                .statusCode(400)
                .body("error.details.code", hasItem("text_too_long"));
        live().body(Map.of(
                        "caption",
                        "Hi",
                        "account_ids",
                        List.of(x),
                        "platform_options",
                        Map.of("myspace", Map.of("mood", "happy"))))
                .post("/v1/posts/validate")
                .then()
                .statusCode(200)
                .body("problems.code", hasItem("unknown_platform"));
    }

    @Test
    void shouldForwardThePlatformsOptionsWhenDispatching() {
        String x = connectLive("x");
        String postId = live().body(Map.of(
                        "caption",
                        "With options",
                        "account_ids",
                        List.of(x),
                        "platform_options",
                        Map.of("x", Map.of("reply_settings", "following"))))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        var request = PostApi.requestFor(postId, x);
        org.junit.jupiter.api.Assertions.assertEquals(Map.of("reply_settings", "following"), request.options());
    }

    @Test
    void shouldTargetEveryConnectedAccountOfAPlatformWhenPlatformsAreGiven() {
        String first = connectLive("mastodon");
        String second = connectLive("mastodon");

        live().body(Map.of("caption", "To all my Mastodon accounts", "platforms", List.of("mastodon"), "mode", "draft"))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .body("destinations.account_id", org.hamcrest.Matchers.containsInAnyOrder(first, second));
        live().body(Map.of("caption", "Hi", "platforms", List.of("myspace")))
                .post("/v1/posts/validate")
                .then()
                .statusCode(200)
                .body("problems.code", hasItem("unknown_platform"));
        live().body(Map.of("caption", "Hi", "platforms", List.of("tiktok")))
                .post("/v1/posts/validate")
                .then()
                .statusCode(200)
                .body("problems.code", hasItem("no_connected_account"));
    }
}

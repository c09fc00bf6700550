package dev.herald.post;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.testsupport.HeraldInfraResource;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class PlatformValidationTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldReportEachDestinationsPlatformProblemsWhenValidating() {
        String x = PostApi.connectLive(workspace, "x");
        String youtube = PostApi.connectLive(workspace, "youtube");
        String caption = "a".repeat(281);

        PostApi.live(workspace)
                .body(Map.of("caption", caption, "account_ids", List.of(x, youtube)))
                .post("/v1/posts/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("problems.field", hasItem("destinations." + x + ".caption"))
                .body("problems.code", hasItem("text_too_long"))
                .body("problems.field", hasItem("destinations." + youtube + ".media"))
                .body("problems.code", hasItem("media_required"));

        PostApi.live(workspace)
                .body(Map.of("caption", "Fits", "account_ids", List.of(x)))
                .post("/v1/posts/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true));
        PostApi.live(workspace)
                .body(Map.of("caption", caption, "account_ids", List.of(x), "mode", "draft"))
                .post("/v1/posts")
                .then()
                .statusCode(400)
                .body("error.details.code", hasItem("text_too_long"));
        PostApi.live(workspace)
                .body(Map.of(
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
        String x = PostApi.connectLive(workspace, "x");
        String postId = PostApi.live(workspace)
                .body(Map.of(
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
        String first = PostApi.connectLive(workspace, "mastodon");
        String second = PostApi.connectLive(workspace, "mastodon");

        PostApi.live(workspace)
                .body(Map.of(
                        "caption", "To all my Mastodon accounts", "platforms", List.of("mastodon"), "mode", "draft"))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .body("destinations.account_id", org.hamcrest.Matchers.containsInAnyOrder(first, second));
        PostApi.live(workspace)
                .body(Map.of("caption", "Hi", "platforms", List.of("myspace")))
                .post("/v1/posts/validate")
                .then()
                .statusCode(200)
                .body("problems.code", hasItem("unknown_platform"));
        PostApi.live(workspace)
                .body(Map.of("caption", "Hi", "platforms", List.of("tiktok")))
                .post("/v1/posts/validate")
                .then()
                .statusCode(200)
                .body("problems.code", hasItem("no_connected_account"));
    }
}

package dev.herald.post;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

import dev.herald.events.EventTypes;
import dev.herald.events.MediaEvent;
import dev.herald.events.PublishRequest;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class ContentTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    private String media(String type, String kind) {
        String id = "med_" + UUID.randomUUID();
        TestKafka.send(
                Topics.MEDIA_EVENTS,
                id,
                type,
                new MediaEvent("evt_" + UUID.randomUUID(), type, workspace, id, kind, null, null, Instant.now()));
        return id;
    }

    @Test
    void shouldAcceptReadyMediaOfTheWorkspaceAndCountItAgainstEachPlatform() {
        String x = PostApi.connectLive(workspace, "x");
        List<String> images = List.of(
                media(EventTypes.MEDIA_READY, "image"),
                media(EventTypes.MEDIA_READY, "image"),
                media(EventTypes.MEDIA_READY, "image"),
                media(EventTypes.MEDIA_READY, "image"),
                media(EventTypes.MEDIA_READY, "image"));
        String failed = media(EventTypes.MEDIA_FAILED, "image");
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> PostApi.live(workspace)
                        .body(Map.of("caption", "One", "account_ids", List.of(x), "media_ids", images.subList(0, 4)))
                        .post("/v1/posts/validate")
                        .then()
                        .statusCode(200)
                        .body("valid", equalTo(true)));

        PostApi.live(workspace)
                .body(Map.of("caption", "Five", "account_ids", List.of(x), "media_ids", images))
                .post("/v1/posts/validate")
                .then()
                .body("problems.code", hasItem("too_many_images"));
        // The failed item's event may sit on another partition: wait until it is known.
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> PostApi.live(workspace)
                        .body(Map.of(
                                "caption", "Bad", "account_ids", List.of(x), "media_ids", List.of(failed, "med_nope")))
                        .post("/v1/posts/validate")
                        .then()
                        .body("problems.code", hasItem("media_not_ready"))
                        .body("problems.code", hasItem("media_not_found")));
        given().header("Authorization", "Bearer " + InternalTokens.forWorkspace("ws_other", "live"))
                .contentType(ContentType.JSON)
                .body(Map.of("caption", "Theirs", "account_ids", List.of("acct_x"), "media_ids", images))
                .post("/v1/posts/validate")
                .then()
                .body("problems.code", hasItem("media_not_found"));
    }

    @Test
    void shouldForwardLinkThreadCommentAndOverridesToThePublisher() {
        String x = PostApi.connectLive(workspace, "x");
        String mastodon = PostApi.connectLive(workspace, "mastodon");
        String postId = PostApi.live(workspace)
                .body(Map.of(
                        "caption",
                        "a".repeat(400),
                        "account_ids",
                        List.of(x, mastodon),
                        "link",
                        "https://herald.dev/launch",
                        "first_comment",
                        "More below",
                        "thread",
                        List.of("Part two", "Part three"),
                        "overrides",
                        Map.of(x, Map.of("caption", "Short for X"))))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .body("link", equalTo("https://herald.dev/launch"))
                .body("thread[1]", equalTo("Part three"))
                .body("overrides." + x + ".caption", equalTo("Short for X"))
                .extract()
                .path("id");

        PublishRequest toX = PostApi.requestFor(postId, x);
        assertEquals("Short for X", toX.caption());
        assertEquals(List.of("Part two", "Part three"), toX.content().thread());
        assertEquals("More below", toX.content().firstComment());
        assertEquals("https://herald.dev/launch", toX.content().link());
        assertEquals("a".repeat(400), PostApi.requestFor(postId, mastodon).caption());
    }

    @Test
    void shouldReplaceClearAndRecheckContentWhenADraftIsPatched() {
        String x = PostApi.connectLive(workspace, "x");
        String mastodon = PostApi.connectLive(workspace, "mastodon");
        String postId = PostApi.live(workspace)
                .body(Map.of(
                        "caption",
                        "Draft",
                        "account_ids",
                        List.of(x, mastodon),
                        "mode",
                        "draft",
                        "link",
                        "https://herald.dev/old",
                        "first_comment",
                        "Old comment",
                        "external_id",
                        "crm-1",
                        "overrides",
                        Map.of(mastodon, Map.of("caption", "For Mastodon"))))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        // A thread part too long for X and an override of an account the post does not target: both reported,
        // nothing changed.
        PostApi.live(workspace)
                .body(Map.of(
                        "thread",
                        List.of("b".repeat(300)),
                        "overrides",
                        Map.of("acct_stranger", Map.of("caption", "?")),
                        "link",
                        "not a url"))
                .patch("/v1/posts/" + postId)
                .then()
                .statusCode(400)
                .body("error.details.field", hasItem("overrides.acct_stranger"))
                .body("error.details.field", hasItem("destinations." + x + ".thread[0]"))
                .body("error.details.code", hasItem("invalid_url"));
        PostApi.live(workspace)
                .get("/v1/posts/" + postId)
                .then()
                .body("link", equalTo("https://herald.dev/old"))
                .body("thread", org.hamcrest.Matchers.empty());

        // Clearing with empty values; dropping the Mastodon target drops its override.
        PostApi.live(workspace)
                .body(Map.of(
                        "link", "",
                        "first_comment", "",
                        "external_id", "",
                        "thread", List.of("Part two"),
                        "platform_options", Map.of("x", Map.of("reply_settings", "following")),
                        "metadata", Map.of("campaign", "winter"),
                        "account_ids", List.of(x)))
                .patch("/v1/posts/" + postId)
                .then()
                .statusCode(200)
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("link")))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("first_comment")))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("external_id")))
                .body("thread", org.hamcrest.Matchers.contains("Part two"))
                .body("overrides", org.hamcrest.Matchers.anEmptyMap())
                .body("platform_options.x.reply_settings", equalTo("following"))
                .body("metadata.campaign", equalTo("winter"))
                .body("destinations.account_id", org.hamcrest.Matchers.contains(x));

        PostApi.live(workspace).post("/v1/posts/" + postId + "/publish").then().statusCode(200);
        PublishRequest toX = PostApi.requestFor(postId, x);
        assertEquals("Draft", toX.caption());
        assertEquals(List.of("Part two"), toX.content().thread());
        assertEquals(null, toX.content().link());
        assertEquals(null, toX.content().firstComment());
        assertEquals(Map.of("reply_settings", "following"), toX.options());
    }

    @Test
    void shouldRefuseContentThePlatformsCannotTake() {
        String linkedin = PostApi.connectLive(workspace, "linkedin");
        String tiktokless = PostApi.connectLive(workspace, "x");

        PostApi.live(workspace)
                .body(Map.of(
                        "caption",
                        "Hi",
                        "account_ids",
                        List.of(linkedin),
                        "thread",
                        List.of("two"),
                        "link",
                        "ftp://files",
                        "overrides",
                        Map.of("acct_stranger", Map.of("caption", "x"))))
                .post("/v1/posts/validate")
                .then()
                .statusCode(200)
                .body("problems.code", hasItem("thread_not_supported"))
                .body("problems.code", hasItem("invalid_url"))
                .body("problems.code", hasItem("not_a_target"));
        PostApi.live(workspace)
                .body(Map.of(
                        "caption",
                        "a".repeat(281),
                        "account_ids",
                        List.of(tiktokless),
                        "overrides",
                        Map.of(tiktokless, Map.of("caption", "fits"))))
                .post("/v1/posts/validate")
                .then()
                .body("valid", equalTo(true));
    }
}

package dev.herald.analytics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.events.EventTypes;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class AnalyticsTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldShowThePublishRecordWhenAResultWasPublished() {
        String postId = "post_" + UUID.randomUUID();
        var published = new PublishResult(
                workspace,
                postId,
                "dest_" + UUID.randomUUID(),
                "acct_1",
                "sandbox",
                PublishResult.PUBLISHED,
                "sbx_9",
                "https://sandbox.herald.dev/x/posts/sbx_9",
                null,
                null,
                1,
                Instant.now(),
                null,
                Instant.now());
        TestKafka.send(Topics.PUBLISH_RESULTS, postId, EventTypes.PUBLISH_RESULT, published);
        // A late failure for the same destination must not overwrite the publication.
        TestKafka.send(
                Topics.PUBLISH_RESULTS,
                postId,
                EventTypes.PUBLISH_RESULT,
                new PublishResult(
                        workspace,
                        postId,
                        published.destinationId(),
                        "acct_1",
                        "sandbox",
                        PublishResult.FAILED,
                        null,
                        null,
                        "late",
                        "late",
                        1,
                        null,
                        null,
                        Instant.now()));

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().header("Authorization", InternalTokens.bearer(workspace))
                        .queryParam("post_id", postId)
                        .get("/v1/analytics")
                        .then()
                        .statusCode(200)
                        .body("data", hasSize(1))
                        .body("data[0].status", equalTo("published"))
                        .body("data[0].permalink", equalTo(published.permalink())));
        given().header("Authorization", InternalTokens.bearer("ws_other"))
                .queryParam("post_id", postId)
                .get("/v1/analytics")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenADateIsNotADate() {
        given().header("Authorization", InternalTokens.bearer(workspace))
                .queryParam("to", "tomorrow")
                .get("/v1/analytics")
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("to"));
    }
}

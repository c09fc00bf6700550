package dev.herald.publisher;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

/** What the publisher tests share: a sandbox account, a request as the post-service sends it, the results. */
final class PublisherApi {

    private PublisherApi() {}

    static String connect(String workspace) {
        return given().header("Authorization", InternalTokens.bearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of("handle", "tester"))
                .post("/v1/accounts/connect/sandbox")
                .then()
                .statusCode(201)
                .body("id", startsWith("acct_"))
                .body("platform", equalTo("sandbox"))
                .body("status", equalTo("connected"))
                .extract()
                .path("id");
    }

    /** A sandbox account impersonating {@code platform}, created through {@code POST /v1/accounts/sandbox}. */
    static String sandboxAccount(String workspace, String platform, String handle) {
        return given().header("Authorization", InternalTokens.bearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of("platform", platform, "handle", handle))
                .post("/v1/accounts/sandbox")
                .then()
                .statusCode(201)
                .body("platform", equalTo(platform))
                .body("sandbox", equalTo(true))
                .extract()
                .path("id");
    }

    static PublishRequest request(String workspace, String accountId, String caption, int attempt) {
        return request(workspace, accountId, "sandbox", caption, attempt);
    }

    /** A request as the post-service sends it: the platform is the account's (the impersonated one for a sandbox). */
    static PublishRequest request(String workspace, String accountId, String platform, String caption, int attempt) {
        return new PublishRequest(
                workspace,
                "post_" + UUID.randomUUID(),
                "dest_" + UUID.randomUUID(),
                accountId,
                platform,
                "test",
                caption,
                attempt,
                Instant.now(),
                Map.of(),
                PublishRequest.Content.NONE);
    }

    /** The same request as the post-service's later attempt {@code attempt} of it. */
    static PublishRequest withAttempt(PublishRequest request, int attempt) {
        return new PublishRequest(
                request.workspaceId(),
                request.postId(),
                request.destinationId(),
                request.accountId(),
                request.platform(),
                request.mode(),
                request.caption(),
                attempt,
                request.dueAt(),
                request.options(),
                request.content());
    }

    static void send(PublishRequest request) {
        TestKafka.send(Topics.PUBLISH_REQUESTS, request.accountId(), EventTypes.PUBLISH_REQUESTED, request);
    }

    /** What the sandbox platform received for one post. */
    static List<Map<String, Object>> publications(String workspace, String postId) {
        return given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/sandbox/publications?post_id=" + postId)
                .then()
                .statusCode(200)
                .extract()
                .path("data");
    }

    /** The first {@code count} results of a destination, in the order emitted (they share the post's partition). */
    static List<PublishResult> results(String destinationId, int count) {
        var records = TestKafka.await(
                Topics.PUBLISH_RESULTS, r -> r.value().contains(destinationId), count, Duration.ofSeconds(20));
        assertEquals(count, records.size(), "results for " + destinationId);
        return records.stream()
                .map(r -> EventJson.read(r.value(), PublishResult.class))
                .toList();
    }
}

package dev.herald.post;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.herald.events.AccountEvent;
import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

/** What the post-service tests do again and again: call the API as a workspace, play the publisher. */
public final class PostApi {

    private PostApi() {}

    public static RequestSpecification as(String workspace) {
        return given().header("Authorization", InternalTokens.bearer(workspace)).contentType(ContentType.JSON);
    }

    /** A live-mode caller of the workspace (live keys see live accounts). */
    public static RequestSpecification live(String workspace) {
        return given().header("Authorization", "Bearer " + InternalTokens.forWorkspace(workspace, "live"))
                .contentType(ContentType.JSON);
    }

    /** A live account of this platform, as the publisher would announce it, once the read model has it. */
    public static String connectLive(String workspace, String platform) {
        return connect(() -> live(workspace), workspace, platform, "live");
    }

    /** A sandbox (test-mode) account, as the publisher would announce it, once the read model has it. */
    public static String connectSandboxAccount(String workspace) {
        return connect(() -> as(workspace), workspace, "sandbox", "test");
    }

    private static String connect(
            Supplier<RequestSpecification> caller, String workspace, String platform, String mode) {
        String account = "acct_" + UUID.randomUUID();
        TestKafka.send(
                Topics.ACCOUNTS,
                account,
                EventTypes.ACCOUNT_CONNECTED,
                new AccountEvent(account, workspace, platform, "@tester", "connected", mode, Instant.now()));
        // Known once validation stops saying "not found" (the platform may still object to the probe itself).
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> caller.get()
                        .body(Map.of("caption", "probe", "account_ids", List.of(account)))
                        .post("/v1/posts/validate")
                        .then()
                        .statusCode(200)
                        .body("problems.code", not(hasItem("account_not_found"))));
        return account;
    }

    public static String createNow(String workspace, String caption, String... accounts) {
        return as(workspace)
                .body(Map.of("caption", caption, "account_ids", List.of(accounts)))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** The publish request the post-service sent for this destination's post. */
    public static PublishRequest requestFor(String postId, String accountId) {
        var records = TestKafka.await(
                Topics.PUBLISH_REQUESTS,
                r -> r.value().contains(postId) && r.value().contains(accountId),
                1,
                Duration.ofSeconds(15));
        return EventJson.read(records.get(records.size() - 1).value(), PublishRequest.class);
    }

    /** Answers a request as the publisher would. */
    public static void answer(PublishRequest request, String status) {
        boolean published = PublishResult.PUBLISHED.equals(status);
        TestKafka.send(
                Topics.PUBLISH_RESULTS,
                request.postId(),
                EventTypes.PUBLISH_RESULT,
                new PublishResult(
                        request.workspaceId(),
                        request.postId(),
                        request.destinationId(),
                        request.accountId(),
                        request.platform(),
                        status,
                        published ? "sbx_" + request.attempt() : null,
                        published ? "https://sandbox.example/p/" + request.destinationId() : null,
                        published ? null : "sandbox_rejected",
                        published ? null : "Rejected",
                        request.attempt(),
                        published ? Instant.now() : null,
                        null,
                        Instant.now()));
    }

    /** Tells the post-service the attempt failed for now and the destination is due again at {@code at}. */
    public static void retryLater(PublishRequest request, Instant at) {
        TestKafka.send(
                Topics.PUBLISH_RESULTS,
                request.postId(),
                EventTypes.PUBLISH_RESULT,
                new PublishResult(
                        request.workspaceId(),
                        request.postId(),
                        request.destinationId(),
                        request.accountId(),
                        request.platform(),
                        PublishResult.RETRYING,
                        null,
                        null,
                        "rate_limited",
                        "Slow down",
                        request.attempt(),
                        null,
                        at,
                        Instant.now()));
    }

    public static void awaitStatus(String workspace, String postId, String status) {
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> as(workspace)
                        .get("/v1/posts/" + postId)
                        .then()
                        .statusCode(200)
                        .body("status", equalTo(status)));
    }
}

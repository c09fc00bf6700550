package dev.herald.post;

import static dev.herald.post.PostApi.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.herald.testsupport.HeraldInfraResource;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class IdempotencyTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldReplayTheFirstResponseByteForByteWhenTheSameKeyAndBodyComeAgain() {
        String account = PostApi.connectSandboxAccount(workspace);
        String key = UUID.randomUUID().toString();
        String body = "{\"caption\":\"Once\",\"account_ids\":[\"" + account + "\"],\"mode\":\"draft\"}";
        String sameBodyOtherFormatting =
                "{ \"mode\": \"draft\", \"account_ids\": [\"" + account + "\"], \"caption\": \"Once\" }";

        Response first = as(workspace).header("Idempotency-Key", key).body(body).post("/v1/posts");
        Response second = as(workspace)
                .header("Idempotency-Key", key)
                .body(sameBodyOtherFormatting)
                .post("/v1/posts");

        assertEquals(201, first.statusCode());
        assertEquals(201, second.statusCode());
        assertEquals(first.asString(), second.asString());
        assertEquals(first.header("Location"), second.header("Location"));
        assertNull(first.header("Idempotent-Replayed"));
        assertEquals("true", second.header("Idempotent-Replayed"));
        as(workspace).get("/v1/posts").then().body("data", hasSize(1));
    }

    @Test
    void shouldAnswer422WhenTheKeyComesBackWithAnotherBody() {
        String account = PostApi.connectSandboxAccount(workspace);
        String key = UUID.randomUUID().toString();
        as(workspace)
                .header("Idempotency-Key", key)
                .body(Map.of("caption", "A", "account_ids", List.of(account), "mode", "draft"))
                .post("/v1/posts")
                .then()
                .statusCode(201);

        as(workspace)
                .header("Idempotency-Key", key)
                .body(Map.of("caption", "B", "account_ids", List.of(account), "mode", "draft"))
                .post("/v1/posts")
                .then()
                .statusCode(422)
                .body("error.code", equalTo("idempotency_key_reused"));
        // Keys are per workspace: another workspace may use the same one.
        as("ws_other_" + UUID.randomUUID())
                .header("Idempotency-Key", key)
                .body(Map.of("caption", "A", "account_ids", List.of(account), "mode", "draft"))
                .post("/v1/posts")
                .then()
                .statusCode(400); // its own validation: the account is not its own
    }

    @Test
    void shouldFreeTheKeyWhenTheFirstRequestWasInvalid() {
        String account = PostApi.connectSandboxAccount(workspace);
        String key = UUID.randomUUID().toString();
        String body = "{\"caption\":\"Later\",\"account_ids\":[\"" + account + "\"],\"mode\":\"schedule\"}";
        as(workspace)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/posts")
                .then()
                .statusCode(400);

        as(workspace)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/posts")
                .then()
                .statusCode(400);
        as(workspace)
                .header("Idempotency-Key", "bad key with spaces")
                .body(body)
                .post("/v1/posts")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_idempotency_key"));
    }

    @Test
    void shouldCreateExactlyOnePostWhenAHundredRequestsRaceWithOneKey() throws Exception {
        String account = PostApi.connectSandboxAccount(workspace);
        String key = UUID.randomUUID().toString();
        String body = "{\"caption\":\"Race\",\"account_ids\":[\"" + account + "\"],\"mode\":\"draft\","
                + "\"external_id\":\"race\"}";
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Callable<Response> call = () ->
                        as(workspace).header("Idempotency-Key", key).body(body).post("/v1/posts");
                answers.add(pool.submit(call));
            }
            Map<Integer, Integer> byStatus = new HashMap<>();
            String createdBody = null;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                byStatus.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() == 201) {
                    if (createdBody == null) {
                        createdBody = response.asString();
                    }
                    assertEquals(createdBody, response.asString(), "every 201 is the same post");
                } else {
                    assertEquals(409, response.statusCode(), response.asString());
                    assertTrue(response.asString().contains("idempotency_request_in_progress"));
                }
            }
            assertTrue(byStatus.getOrDefault(201, 0) >= 1, byStatus.toString());
        } finally {
            pool.shutdownNow();
        }
        as(workspace).queryParam("external_id", "race").get("/v1/posts").then().body("data", hasSize(1));
    }
}

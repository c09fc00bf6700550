package dev.herald.post;

import static dev.herald.post.PostApi.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
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
class BulkTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldCreateTheValidItemsAndReportTheOthersWhenABatchIsMixed() {
        String account = PostApi.connectSandboxAccount(workspace);
        Map<String, Object> body = Map.of(
                "posts",
                List.of(
                        Map.of("caption", "First", "account_ids", List.of(account), "mode", "draft"),
                        Map.of("caption", "", "account_ids", List.of(account)),
                        Map.of("caption", "Third", "account_ids", List.of(account), "mode", "draft")));
        String key = UUID.randomUUID().toString();

        String first = as(workspace)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/posts/bulk")
                .then()
                .statusCode(200)
                .body("created_count", equalTo(2))
                .body("failed_count", equalTo(1))
                .body("data.index", equalTo(List.of(0, 1, 2)))
                .body("data[0].status", equalTo(201))
                .body("data[0].post.id", startsWith("post_"))
                .body("data[1].status", equalTo(400))
                .body("data[1].post", nullValue())
                .body("data[1].error.details.field", hasItem("caption"))
                .body("data[2].post.caption", equalTo("Third"))
                .extract()
                .asString();

        String again = as(workspace)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/posts/bulk")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(first, again, "each item is idempotent under the key");
        as(workspace).get("/v1/posts").then().body("data", hasSize(2));
    }

    @Test
    void shouldRefuseABatchWhenItIsEmptyOrTooLarge() {
        as(workspace)
                .body(Map.of("posts", List.of()))
                .post("/v1/posts/bulk")
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("posts"));
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(Map.of("caption", "x", "account_ids", List.of("acct_x")));
        }
        as(workspace).body(Map.of("posts", many)).post("/v1/posts/bulk").then().statusCode(400);
    }
}

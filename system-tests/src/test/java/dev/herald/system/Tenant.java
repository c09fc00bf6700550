package dev.herald.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.herald.testsupport.HeraldStack;

/** A workspace with a test key on a running stack, used through the gateway only. */
record Tenant(HeraldStack stack, String workspaceId, String apiKey) {

    static Tenant provision(HeraldStack stack, String adminToken, String name) {
        return provision(stack, adminToken, name, "test");
    }

    /** @param keyMode {@code test} (sandbox accounts only) or {@code live} (real platforms' accounts) */
    static Tenant provision(HeraldStack stack, String adminToken, String name, String keyMode) {
        var created = given().baseUri(stack.gatewayUrl())
                .header("Authorization", "Bearer " + adminToken)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "key_mode", keyMode))
                .post("/admin/v1/workspaces")
                .then()
                .statusCode(201)
                .extract();
        return new Tenant(stack, created.path("workspace_id"), created.path("api_key.secret"));
    }

    RequestSpecification api() {
        return given().baseUri(stack.gatewayUrl()).header("Authorization", "Bearer " + apiKey);
    }

    /** Connects a sandbox account and waits until the post-service would accept it. */
    String connectSandboxAccount() {
        String account = api().contentType(ContentType.JSON)
                .body(Map.of("handle", "system"))
                .post("/v1/accounts/connect/sandbox")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> api().contentType(ContentType.JSON)
                        .body(Map.of("caption", "probe", "account_ids", List.of(account)))
                        .post("/v1/posts/validate")
                        .then()
                        .statusCode(200)
                        .body("valid", equalTo(true)));
        return account;
    }
}

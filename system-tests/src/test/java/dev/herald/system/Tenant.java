package dev.herald.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
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

    /** Connects an account as a user's browser does: Herald's connect call, the consent page, Herald's callback. */
    String connectThroughConsent(String platform, Map<String, ?> body) {
        String consent = api().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/accounts/connect/" + platform)
                .then()
                .statusCode(201)
                .extract()
                .path("authorization_url");
        Response page =
                given().urlEncodingEnabled(false).redirects().follow(false).get(consent);
        assertEquals(302, page.statusCode(), page.asString());
        String account = given().urlEncodingEnabled(false)
                .get(URI.create(page.header("Location")).toString())
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        awaitKnown(account);
        return account;
    }

    /**
     * Waits until the post-service knows the account (from herald.accounts.v1): a probe raises nothing about the
     * account itself (it may still be invalid for the platform, e.g. Pinterest needs an image and a board).
     */
    void awaitKnown(String account) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> api().contentType(ContentType.JSON)
                                .body(Map.of("caption", "probe", "account_ids", List.of(account)))
                                .post("/v1/posts/validate")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("problems.field", String.class),
                        fields -> fields.stream().noneMatch(field -> field.startsWith("account_ids")));
    }

    /** Uploads a file (multipart) and waits until media-service has processed it. */
    String upload(byte[] bytes, String filename, String type, String altText) {
        var request = api().multiPart("file", filename, bytes, type);
        if (altText != null) {
            request = request.multiPart("alt_text", altText);
        }
        String id = request.post("/v1/media").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api().get("/v1/media/" + id).then().extract().path("status"), "ready"::equals);
        return id;
    }

    String publishNow(String caption, String account, List<String> media) {
        return publishNow(caption, account, media, Map.of());
    }

    /** Creates a post due now; until media.ready has reached the post-service it is refused, so it is asked again. */
    String publishNow(String caption, String account, List<String> media, Map<String, Object> platformOptions) {
        Map<String, Object> body = new HashMap<>();
        body.put("caption", caption);
        body.put("account_ids", List.of(account));
        body.put("media_ids", media);
        body.put("platform_options", platformOptions);
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api().contentType(ContentType.JSON)
                                .body(body)
                                .post("/v1/posts")
                                .then()
                                .extract(),
                        created -> created.statusCode() == 201)
                .path("id");
    }

    /** The post once it is final (published, failed or partial). */
    JsonPath awaitFinal(String post) {
        return await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> api().get("/v1/posts/" + post).then().extract().jsonPath(),
                        json -> Set.of("published", "failed", "partial").contains(json.getString("status")));
    }
}

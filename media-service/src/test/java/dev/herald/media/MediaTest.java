package dev.herald.media;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class MediaTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldListNothingWhenTheWorkspaceHasNoMedia() {
        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/media")
                .then()
                .statusCode(200)
                .body("data", hasSize(0))
                .body("has_more", equalTo(false));
    }

    @Test
    void shouldAnswer404WhenTheMediaDoesNotExist() {
        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/media/med_missing")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"));
    }

    @Test
    void shouldAnswer400WhenTheLimitIsOutOfRange() {
        given().header("Authorization", InternalTokens.bearer(workspace))
                .queryParam("limit", 0)
                .get("/v1/media")
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("limit"));
    }

    @Test
    void shouldBeReadyWhenDatabaseAndKafkaAreUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200);
    }
}

package dev.herald.media;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;

/**
 * The /internal API opens to other Herald services only: a service token signed with the service key, for
 * media-service, naming the workspace. A tenant's gateway token never opens it, nor does a service token open /v1.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class InternalApiAuthTest {

    private final String workspace = "ws_" + UUID.randomUUID();
    private final MediaApi api = new MediaApi(workspace);

    @Test
    void shouldDescribeAndStreamTheFileWhenAServiceAsksForItsWorkspace() {
        byte[] png = Samples.png(40, 30);
        String id = api.upload(png, "chart.png", "image/png");
        api.awaitFinal(id);

        given().header("Authorization", api.serviceAuth())
                .get("/internal/media/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("ready"))
                .body("mime_type", equalTo("image/png"))
                .body("width", equalTo(40))
                .body("height", equalTo(30));
        given().header("Authorization", api.serviceAuth())
                .get("/internal/media/" + id + "/content")
                .then()
                .statusCode(200)
                .header("Content-Length", String.valueOf(png.length));
    }

    @Test
    void shouldRefuseATenantTokenOnTheInternalApi() {
        String id = api.upload(Samples.png(8, 8), "a.png", "image/png");

        given().header("Authorization", api.auth())
                .get("/internal/media/" + id + "/content")
                .then()
                .statusCode(401);
        given().header("Authorization", api.auth())
                .get("/internal/media/" + id)
                .then()
                .statusCode(401);
    }

    @Test
    void shouldRefuseAServiceTokenMadeForAnotherServiceOrForTheTenantApi() {
        String id = api.upload(Samples.png(8, 8), "b.png", "image/png");
        String forPosts = "Bearer " + InternalTokens.service("publisher-service", "post-service", workspace);

        given().header("Authorization", forPosts)
                .get("/internal/media/" + id + "/content")
                .then()
                .statusCode(401);
        given().header("Authorization", api.serviceAuth())
                .get("/v1/media/" + id)
                .then()
                .statusCode(401);
    }

    @Test
    void shouldNotFindAnotherWorkspacesFileWithAServiceToken() {
        String id = api.upload(Samples.png(8, 8), "c.png", "image/png");
        String otherWorkspace =
                "Bearer " + InternalTokens.service("publisher-service", "media-service", "ws_" + UUID.randomUUID());

        given().header("Authorization", otherWorkspace)
                .get("/internal/media/" + id + "/content")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"));
    }
}

package dev.herald.media.importing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

import dev.herald.media.MediaApi;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;

/**
 * Import from https URLs served on loopback with real certificates ({@link TlsSources}): the service trusts only the
 * test CA it is told to, and checks the host name, as live-mode imports (https only) need.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TlsSources.class)
class MediaTlsImportTest {

    private final String workspace = "ws_" + UUID.randomUUID();
    private final MediaApi api = new MediaApi(workspace);

    private ValidatableResponse importLive(String url) {
        return given().header("Authorization", "Bearer " + InternalTokens.forWorkspace(workspace, "live"))
                .contentType("application/json")
                .body(Map.of("url", url))
                .post("/v1/media/import")
                .then();
    }

    @Test
    void shouldImportOverHttpsWhenTheCertificateIsFromTheTrustedCaAndNamesTheHost() {
        String id = importLive(TlsSources.trusted + "/cat.png")
                .statusCode(201)
                .extract()
                .path("id");
        JsonPath item = api.awaitFinal(id);
        assertEquals("ready", item.getString("status"));
        assertEquals(32, item.getInt("width"));
        assertEquals("cat.png", item.getString("filename"));
    }

    @Test
    void shouldRefuseWhenTheCertificateComesFromAnUntrustedCa() {
        importLive(TlsSources.unknownCa + "/cat.png").statusCode(422).body("error.code", equalTo("import_failed"));
    }

    @Test
    void shouldRefuseWhenTheCertificateNamesAnotherHost() {
        importLive(TlsSources.wrongHost + "/cat.png").statusCode(422).body("error.code", equalTo("import_failed"));
    }
}

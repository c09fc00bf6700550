package dev.herald.media;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.herald.media.upload.UrlSigner;
import dev.herald.testsupport.HeraldInfraResource;

/** Temporary upload URLs: signed, single-use, expiring, exact size, and usable without any credential. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class MediaUploadUrlTest {

    private final String workspace = "ws_" + UUID.randomUUID();
    private final MediaApi api = new MediaApi(workspace);

    @Inject
    UrlSigner signer;

    private JsonPath createUpload(String contentType, long size) {
        return given().header("Authorization", api.auth())
                .contentType("application/json")
                .body(Map.of("filename", "photo.jpg", "content_type", contentType, "size", size))
                .post("/v1/media/uploads")
                .then()
                .statusCode(201)
                .body("upload_url", startsWith("http://localhost:8080/v1/media/uploads/med_"))
                .body("method", equalTo("PUT"))
                .extract()
                .jsonPath();
    }

    /** The upload URL's path on this service (the gateway forwards the same path). */
    private static String path(JsonPath upload) {
        return URI.create(upload.getString("upload_url")).getPath();
    }

    private static io.restassured.response.ValidatableResponse put(String path, byte[] bytes) {
        // No Authorization header at all: the signed URL is the only credential.
        return given().contentType("application/octet-stream")
                .body(bytes)
                .put(path)
                .then();
    }

    @Test
    void shouldEndReadyWhenTheBytesArePutAndTheUploadCompleted() {
        byte[] jpeg = Samples.jpeg(800, 600);
        JsonPath upload = createUpload("image/jpeg", jpeg.length);
        String id = upload.getString("media_id");
        assertEquals("pending", api.get(id).getString("status"));

        put(path(upload), jpeg).statusCode(204);
        given().header("Authorization", api.auth())
                .post("/v1/media/" + id + "/complete")
                .then()
                .statusCode(200)
                .body("status", equalTo("processing"));
        JsonPath item = api.awaitFinal(id);
        assertEquals("ready", item.getString("status"));
        assertEquals("upload_url", item.getString("source"));
        assertEquals(800, item.getInt("width"));
        assertEquals(jpeg.length, item.getInt("size_bytes"));
    }

    @Test
    void shouldAnswer409WhenTheUploadUrlIsUsedTwice() {
        byte[] png = Samples.png(20, 20);
        JsonPath upload = createUpload("image/png", png.length);
        put(path(upload), png).statusCode(204);
        put(path(upload), png).statusCode(409).body("error.code", equalTo("upload_already_used"));
    }

    @Test
    void shouldAnswer400AndKeepTheUrlUsableWhenTheSizeIsWrong() {
        byte[] png = Samples.png(30, 30);
        JsonPath upload = createUpload("image/png", png.length + 10);
        put(path(upload), png).statusCode(400).body("error.code", equalTo("size_mismatch"));
        byte[] right = new byte[png.length + 10];
        System.arraycopy(png, 0, right, 0, png.length);
        put(path(upload), right).statusCode(204);
    }

    @Test
    void shouldAnswer403WhenTheUrlExpiredOrIsForged() {
        JsonPath upload = createUpload("image/png", 100);
        String id = upload.getString("media_id");
        String expired = signer.sign(UrlSigner.UPLOAD, id, Instant.now().minusSeconds(1));
        put("/v1/media/uploads/" + expired, new byte[100]).statusCode(403).body("error.code", equalTo("url_expired"));

        String valid = path(upload);
        String forged = valid.substring(0, valid.length() - 4) + "AAAA";
        put(forged, new byte[100]).statusCode(403).body("error.code", equalTo("invalid_signature"));
        // A public (read) URL's signature does not open an upload.
        String other = signer.sign(UrlSigner.PUBLIC, id, Instant.now().plusSeconds(60));
        put("/v1/media/uploads/" + other, new byte[100]).statusCode(403);
    }

    @Test
    void shouldAnswer409WhenCompletedBeforeTheBytesArrive() {
        String id = createUpload("image/png", 100).getString("media_id");
        given().header("Authorization", api.auth())
                .post("/v1/media/" + id + "/complete")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("upload_incomplete"));
    }

    @Test
    void shouldRefuseTheUploadRequestWhenTheTypeIsUnsupportedOrTooLarge() {
        given().header("Authorization", api.auth())
                .contentType("application/json")
                .body(Map.of("filename", "a.exe", "content_type", "application/x-msdownload", "size", 10))
                .post("/v1/media/uploads")
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("content_type"));
        given().header("Authorization", api.auth())
                .contentType("application/json")
                .body(Map.of("filename", "huge.jpg", "content_type", "image/jpeg", "size", 60L * 1024 * 1024))
                .post("/v1/media/uploads")
                .then()
                .statusCode(413)
                .body("error.code", equalTo("file_too_large"));
        given().contentType("application/json")
                .body(Map.of("filename", "a.jpg", "content_type", "image/jpeg", "size", 10))
                .post("/v1/media/uploads")
                .then()
                .statusCode(401);
    }

    @Test
    void shouldServeTheBytesWhenThePublicUrlIsSignedAndTheInternalStreamIsAuthenticated() {
        byte[] jpeg = Samples.jpeg(64, 64);
        String id = api.upload(jpeg, "pub.jpg", "image/jpeg");
        api.awaitFinal(id);

        byte[] internal = given().header("Authorization", api.serviceAuth())
                .get("/internal/media/" + id + "/content")
                .then()
                .statusCode(200)
                .contentType("image/jpeg")
                .extract()
                .asByteArray();
        assertArrayEquals(jpeg, internal);
        given().get("/internal/media/" + id + "/content").then().statusCode(401);

        String url = given().header("Authorization", api.serviceAuth())
                .post("/internal/media/" + id + "/public-url")
                .then()
                .statusCode(200)
                .extract()
                .path("url");
        byte[] fetched = given().get(URI.create(url).getPath())
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertArrayEquals(jpeg, fetched);
        String expired = signer.sign(UrlSigner.PUBLIC, id, Instant.now().minusSeconds(1));
        given().get("/media-files/" + expired).then().statusCode(403).body("error.code", equalTo("url_expired"));
    }
}

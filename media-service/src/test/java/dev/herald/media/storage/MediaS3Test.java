package dev.herald.media.storage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.herald.media.MediaApi;
import dev.herald.media.Samples;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * The media-service with {@code herald.media.storage.type=s3}, against a real S3-compatible server (s3rver): the
 * three ways in store in the bucket, upload URLs are presigned PUTs to the bucket, public URLs presigned GETs from it.
 * Skipped where {@code tools/s3rver/install.sh} was not run.
 */
@QuarkusTest
@EnabledIf("dev.herald.media.storage.S3rver#installed")
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = S3rver.class)
class MediaS3Test {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final MediaApi api = new MediaApi("ws_" + UUID.randomUUID());

    // Read when a test runs, not injected: an injected property would be required by every other test's application.
    private final String endpoint =
            ConfigProvider.getConfig().getValue("herald.media.storage.s3.endpoint", String.class);

    @Test
    void shouldProcessAnUploadAndHandOutAPresignedGetWhenTheBytesLiveInTheBucket() throws Exception {
        byte[] jpeg = Samples.jpeg(80, 60);
        String id = api.upload(jpeg, "s3.jpg", "image/jpeg");
        JsonPath item = api.awaitFinal(id);
        assertEquals("ready", item.getString("status"), item.prettify());
        assertEquals(80, item.getInt("width"));

        // The publisher's stream reads from the bucket.
        byte[] internal = given().header("Authorization", api.serviceAuth())
                .get("/internal/media/" + id + "/content")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertArrayEquals(jpeg, internal);

        // Platforms that pull media get a presigned GET from the bucket, with the real type.
        String url = given().header("Authorization", api.serviceAuth())
                .post("/internal/media/" + id + "/public-url")
                .then()
                .statusCode(200)
                .extract()
                .path("url");
        assertTrue(url.startsWith(endpoint + "/"), url);
        assertTrue(url.contains("X-Amz-Signature="), url);
        HttpResponse<byte[]> fetched =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fetched.statusCode());
        assertArrayEquals(jpeg, fetched.body());
        assertEquals("image/jpeg", fetched.headers().firstValue("Content-Type").orElse(null));

        given().header("Authorization", api.auth())
                .get("/v1/media/" + id + "/thumbnail")
                .then()
                .statusCode(200)
                .contentType("image/jpeg");
    }

    @Test
    void shouldMakeAVideoThumbnailFromACopyWhenTheVideoLivesInTheBucket() {
        String id = api.upload(Samples.h264Mp4(160, 120, 25), "s3.mp4", "video/mp4");
        JsonPath clip = api.awaitFinal(id);
        assertEquals("ready", clip.getString("status"), clip.prettify());
        given().header("Authorization", api.auth())
                .get(clip.getString("thumbnail_url"))
                .then()
                .statusCode(200)
                .contentType("image/jpeg");
    }

    @Test
    void shouldProcessTheBytesWhenTheyArePutToThePresignedUrlAndCompleted() throws Exception {
        byte[] png = Samples.png(40, 30);
        JsonPath upload = createUpload(png.length);
        String id = upload.getString("media_id");
        String url = upload.getString("upload_url");
        assertTrue(url.startsWith(endpoint + "/"), url);
        assertTrue(url.contains("X-Amz-Signature="), url);

        assertEquals(200, put(url, png).statusCode());
        completeCall(id).statusCode(200).body("status", equalTo("processing"));

        JsonPath item = api.awaitFinal(id);
        assertEquals("ready", item.getString("status"), item.prettify());
        assertEquals("image/png", item.getString("mime_type"));
        assertEquals(40, item.getInt("width"));
        assertEquals(30, item.getInt("height"));
        // Again: the same answer, nothing more.
        completeCall(id).statusCode(200).body("id", equalTo(id));
    }

    @Test
    void shouldRefuseToCompleteWhenNothingOrTheWrongSizeWasPut() throws Exception {
        byte[] png = Samples.png(20, 20);
        JsonPath upload = createUpload(png.length);
        String id = upload.getString("media_id");
        String url = upload.getString("upload_url");

        completeCall(id).statusCode(409).body("error.code", equalTo("upload_incomplete"));

        // AWS S3 itself refuses another length (signed); s3rver does not, so the service's own check answers.
        assertEquals(200, put(url, new byte[png.length - 1]).statusCode());
        completeCall(id)
                .statusCode(400)
                .body("error.code", equalTo("size_mismatch"))
                .body("error.message", containsString(String.valueOf(png.length)));
        assertEquals("pending", api.get(id).getString("status"));

        // The URL can be used again with the right bytes.
        assertEquals(200, put(url, png).statusCode());
        completeCall(id).statusCode(200);
        assertEquals("ready", api.awaitFinal(id).getString("status"));
    }

    private JsonPath createUpload(long size) {
        return given().header("Authorization", api.auth())
                .contentType("application/json")
                .body(Map.of("filename", "direct.png", "content_type", "image/png", "size", size))
                .post("/v1/media/uploads")
                .then()
                .statusCode(201)
                .body("method", equalTo("PUT"))
                .extract()
                .jsonPath();
    }

    private io.restassured.response.ValidatableResponse completeCall(String id) {
        return given().header("Authorization", api.auth())
                .post("/v1/media/" + id + "/complete")
                .then();
    }

    private static HttpResponse<String> put(String url, byte[] body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package dev.herald.media;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;

import io.restassured.path.json.JsonPath;

import dev.herald.testsupport.InternalTokens;

/** Calls to the media API as the gateway would make them, for one workspace. */
public final class MediaApi {

    private final String workspace;

    public MediaApi(String workspace) {
        this.workspace = workspace;
    }

    public String auth() {
        return InternalTokens.bearer(workspace);
    }

    /** The publisher's credential for media-service's /internal API, for this workspace. */
    public String serviceAuth() {
        return "Bearer " + InternalTokens.service("publisher-service", "media-service", workspace);
    }

    /** Multipart upload; returns the new id. */
    public String upload(byte[] bytes, String filename, String contentType) {
        return given().header("Authorization", auth())
                .multiPart("file", filename, bytes, contentType)
                .multiPart("alt_text", "A test picture")
                .post("/v1/media")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /**
     * Uploads through a signed upload URL but does not complete it, so a test can change the stored object before
     * processing starts; returns the new id.
     */
    public String stage(byte[] bytes, String filename, String contentType) {
        JsonPath upload = given().header("Authorization", auth())
                .contentType("application/json")
                .body(Map.of("filename", filename, "content_type", contentType, "size", bytes.length))
                .post("/v1/media/uploads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        given().contentType("application/octet-stream")
                .body(bytes)
                .put(URI.create(upload.getString("upload_url")).getPath())
                .then()
                .statusCode(204);
        return upload.getString("media_id");
    }

    /** Completes a staged upload: processing starts. */
    public void complete(String id) {
        given().header("Authorization", auth())
                .post("/v1/media/" + id + "/complete")
                .then()
                .statusCode(200);
    }

    /** Polls until the item is ready or failed (processing is asynchronous), then returns it. */
    public JsonPath awaitFinal(String id) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    last[0] = get(id);
                    return Set.of("ready", "failed").contains(last[0].getString("status"));
                });
        return last[0];
    }

    public JsonPath get(String id) {
        return given().header("Authorization", auth())
                .get("/v1/media/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    public Map<String, Object> json(String json) {
        return JsonPath.from(json).getMap("$");
    }
}

package dev.herald.media;

import static io.restassured.RestAssured.given;

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

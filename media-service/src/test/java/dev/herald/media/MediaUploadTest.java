package dev.herald.media;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.herald.events.CloudEventHeaders;
import dev.herald.events.EventJson;
import dev.herald.events.MediaEvent;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.TestKafka;

/** Multipart uploads end to end: stored, processed through Kafka, measured, checked per platform, or refused. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class MediaUploadTest {

    private final String workspace = "ws_" + UUID.randomUUID();
    private final MediaApi api = new MediaApi(workspace);

    @Test
    void shouldEndReadyWithTheMeasuredMetadataWhenEachKindOfSampleIsUploaded() {
        String jpeg = api.upload(Samples.jpeg(1080, 1350), "portrait.jpg", "image/jpeg");
        String png = api.upload(Samples.png(300, 200), "logo.png", "image/png");
        String gif = api.upload(Samples.gif(120, 90), "loop.gif", "image/gif");
        String webp = api.upload(Samples.webp(), "dot.webp", "image/webp");
        String mp4 = api.upload(Samples.mp4(1280, 720, 4_500), "clip.mp4", "video/mp4");

        JsonPath photo = api.awaitFinal(jpeg);
        assertEquals("ready", photo.getString("status"));
        assertEquals("image", photo.getString("kind"));
        assertEquals("image/jpeg", photo.getString("mime_type"));
        assertEquals(1080, photo.getInt("width"));
        assertEquals(1350, photo.getInt("height"));
        assertEquals("portrait.jpg", photo.getString("filename"));
        assertEquals("A test picture", photo.getString("alt_text"));
        assertEquals(64, photo.getString("sha256").length());
        assertEquals("ok", photo.getString("compatibility.instagram"));
        assertEquals("ok", photo.getString("compatibility.x"));
        assertEquals("unsupported_format", photo.getString("compatibility.youtube"));
        assertNull(photo.get("error"));
        assertJpegThumbnail(photo);

        JsonPath logo = api.awaitFinal(png);
        assertEquals("image/png", logo.getString("mime_type"));
        assertEquals(300, logo.getInt("width"));
        assertEquals("unsupported_format", logo.getString("compatibility.instagram"));

        JsonPath loop = api.awaitFinal(gif);
        assertEquals("gif", loop.getString("kind"));
        assertEquals(90, loop.getInt("height"));

        JsonPath dot = api.awaitFinal(webp);
        assertEquals("image/webp", dot.getString("mime_type"));
        assertEquals(1, dot.getInt("width"));

        JsonPath clip = api.awaitFinal(mp4);
        assertEquals("ready", clip.getString("status"));
        assertEquals("video", clip.getString("kind"));
        assertEquals("video/mp4", clip.getString("mime_type"));
        assertEquals(1280, clip.getInt("width"));
        assertEquals(720, clip.getInt("height"));
        assertEquals(4_500, clip.getInt("duration_ms"));
        assertEquals("H.264", clip.getString("video_codec"));
        assertEquals("ok", clip.getString("compatibility.youtube"));
    }

    @Test
    void shouldServeAThumbnailWhenTheVideoIsARealH264Stream() {
        String id = api.upload(Samples.h264Mp4(320, 240, 25), "real.mp4", "video/mp4");
        JsonPath clip = api.awaitFinal(id);
        assertEquals("ready", clip.getString("status"), clip.prettify());
        assertEquals(1_000, clip.getInt("duration_ms"));
        assertJpegThumbnail(clip);
    }

    private void assertJpegThumbnail(JsonPath item) {
        byte[] thumbnail = given().header("Authorization", api.auth())
                .get(item.getString("thumbnail_url"))
                .then()
                .statusCode(200)
                .contentType("image/jpeg")
                .extract()
                .asByteArray();
        assertTrue(thumbnail.length > 100 && (thumbnail[0] & 0xff) == 0xFF && (thumbnail[1] & 0xff) == 0xD8);
    }

    @Test
    void shouldFailHostileFilesWithReasonsAndKeepProcessingWhenTheyComeFirst() {
        String truncated = api.upload(Samples.truncatedJpeg(), "cut.jpg", "image/jpeg");
        String bomb = api.upload(Samples.hugeDimensionsPng(), "bomb.png", "image/png");
        String zip = api.upload(Samples.jpegZipPolyglot(), "both.jpg", "image/jpeg");
        String script = api.upload(Samples.gifScriptPolyglot(), "xss.gif", "image/gif");
        String exe = api.upload(Samples.executable(), "cat.png", "image/png");
        String good = api.upload(Samples.jpeg(200, 200), "after.jpg", "image/jpeg");

        assertFailed(truncated, "truncated_file");
        assertFailed(bomb, "dimensions_too_large");
        assertFailed(zip, "polyglot_file");
        assertFailed(script, "polyglot_file");
        assertFailed(exe, "unsupported_type");
        assertEquals("ready", api.awaitFinal(good).getString("status"));
    }

    private void assertFailed(String id, String code) {
        JsonPath item = api.awaitFinal(id);
        assertEquals("failed", item.getString("status"), id);
        assertEquals(code, item.getString("error.code"));
        assertNotNull(item.getString("error.message"));
    }

    @Test
    void shouldEmitMediaReadyAndMediaFailedWhenProcessingEnds() {
        String ok = api.upload(Samples.png(10, 10), "a.png", "image/png");
        String bad = api.upload(Samples.executable(), "b.png", "image/png");
        api.awaitFinal(ok);
        api.awaitFinal(bad);

        List<ConsumerRecord<String, String>> events = TestKafka.await(
                Topics.MEDIA_EVENTS, r -> r.key().equals(ok) || r.key().equals(bad), 2, Duration.ofSeconds(30));
        assertEquals(2, events.size());
        for (ConsumerRecord<String, String> record : events) {
            MediaEvent event = EventJson.read(record.value(), MediaEvent.class);
            assertEquals(workspace, event.workspaceId());
            assertEquals(event.type(), TestKafka.header(record, CloudEventHeaders.TYPE));
            if (record.key().equals(ok)) {
                assertEquals("media.ready", event.type());
                assertEquals("image", event.kind());
            } else {
                assertEquals("media.failed", event.type());
                assertEquals("unsupported_type", event.errorCode());
            }
        }
    }

    @Test
    void shouldShareTheStoredBytesWhenTheSameFileIsUploadedTwice() {
        byte[] bytes = Samples.jpeg(50, 50);
        JsonPath first = api.awaitFinal(api.upload(bytes, "one.jpg", "image/jpeg"));
        JsonPath second = api.awaitFinal(api.upload(bytes, "two.jpg", "image/jpeg"));
        assertEquals("ready", second.getString("status"));
        assertEquals(first.getString("sha256"), second.getString("sha256"));

        // Deleting the first keeps the bytes the second now shares.
        given().header("Authorization", api.auth())
                .delete("/v1/media/" + first.getString("id"))
                .then()
                .statusCode(204);
        given().header("Authorization", api.auth())
                .get("/v1/media/" + first.getString("id"))
                .then()
                .statusCode(404);
        given().header("Authorization", api.auth())
                .get(second.getString("thumbnail_url"))
                .then()
                .statusCode(200);
    }

    @Test
    void shouldPageThroughMediaWithACursorWhenThereAreMoreThanTheLimit() {
        String a = api.upload(Samples.png(4, 4), "a.png", "image/png");
        String b = api.upload(Samples.png(5, 5), "b.png", "image/png");
        String c = api.upload(Samples.png(6, 6), "c.png", "image/png");
        JsonPath page = given().header("Authorization", api.auth())
                .queryParam("limit", 2)
                .get("/v1/media")
                .then()
                .statusCode(200)
                .body("data", hasSize(2))
                .body("has_more", equalTo(true))
                .extract()
                .jsonPath();
        assertEquals(List.of(a, b), page.getList("data.id"));
        given().header("Authorization", api.auth())
                .queryParam("limit", 2)
                .queryParam("cursor", page.getString("next_cursor"))
                .get("/v1/media")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of(c)))
                .body("has_more", equalTo(false));
    }

    @Test
    void shouldAnswer400WhenTheFilePartIsMissing() {
        given().header("Authorization", api.auth())
                .multiPart("alt_text", "nothing")
                .post("/v1/media")
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("file"));
    }

    @Test
    void shouldReplayTheFirstAnswerWhenTheIdempotencyKeyIsReused() {
        byte[] bytes = Samples.png(7, 7);
        String first = given().header("Authorization", api.auth())
                .header("Idempotency-Key", "upload-1")
                .multiPart("file", "x.png", bytes, "image/png")
                .post("/v1/media")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().header("Authorization", api.auth())
                .header("Idempotency-Key", "upload-1")
                .multiPart("file", "x.png", bytes, "image/png")
                .post("/v1/media")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first));
    }
}

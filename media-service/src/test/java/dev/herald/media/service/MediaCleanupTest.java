package dev.herald.media.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.media.MediaApi;
import dev.herald.media.Samples;
import dev.herald.testsupport.HeraldInfraResource;

/** Unused media (upload URLs never completed, failed files) goes after the TTL; ready media stays. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class MediaCleanupTest {

    private final MediaApi api = new MediaApi("ws_" + UUID.randomUUID());

    @Inject
    MediaService media;

    @Test
    void shouldRemoveAbandonedUploadsAndFailedMediaWhenOlderThanTheTtl() {
        String abandoned = given().header("Authorization", api.auth())
                .contentType("application/json")
                .body(Map.of("filename", "later.png", "content_type", "image/png", "size", 10))
                .post("/v1/media/uploads")
                .then()
                .statusCode(201)
                .extract()
                .path("media_id");
        String failed = api.upload(Samples.executable(), "x.png", "image/png");
        String ready = api.upload(Samples.png(8, 8), "ok.png", "image/png");
        api.awaitFinal(failed);
        api.awaitFinal(ready);

        // Nothing is old enough yet.
        media.cleanUp(Instant.now());
        assertEquals("pending", api.get(abandoned).getString("status"));

        // Eight days later (the TTL is 7 days).
        Instant later = Instant.now().plus(Duration.ofDays(8));
        int removed = 0;
        int batch;
        while ((batch = media.cleanUp(later)) > 0) {
            removed += batch;
        }
        assertTrue(removed >= 2, "removed " + removed);
        given().header("Authorization", api.auth())
                .get("/v1/media/" + abandoned)
                .then()
                .statusCode(404);
        given().header("Authorization", api.auth())
                .get("/v1/media/" + failed)
                .then()
                .statusCode(404);
        assertEquals("ready", api.get(ready).getString("status"));
    }
}

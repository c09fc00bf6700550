package dev.herald.media.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.events.EventTypes;
import dev.herald.events.PostEvent;
import dev.herald.events.Topics;
import dev.herald.kit.id.Ids;
import dev.herald.media.MediaApi;
import dev.herald.media.Samples;
import dev.herald.media.repository.MediaItemRepository;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.TestKafka;

/**
 * Unused media goes: upload URLs never completed and failed files after the TTL (7 days), ready files no post ever
 * named after the unattached TTL (30 days); a file a post has named stays.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class MediaCleanupTest {

    private final String workspace = "ws_" + UUID.randomUUID();
    private final MediaApi api = new MediaApi(workspace);

    @Inject
    MediaService media;

    @Inject
    MediaItemRepository items;

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

    @Test
    void shouldRemoveReadyMediaNoPostEverNamedWhenOlderThanTheUnattachedTtl() {
        String library = api.upload(Samples.png(9, 9), "library.png", "image/png");
        String used = api.upload(Samples.png(10, 10), "used.png", "image/png");
        api.awaitFinal(library);
        api.awaitFinal(used);
        // A post named one of them and is over: that file was attached once, and stays.
        String postId = Ids.newId("post");
        String eventId = Ids.newId("evt");
        Instant at = Instant.now();
        TestKafka.sendWithId(
                Topics.POST_EVENTS,
                postId,
                EventTypes.POST_PUBLISHED,
                eventId,
                new PostEvent(
                        eventId,
                        EventTypes.POST_PUBLISHED,
                        at,
                        workspace,
                        new PostEvent.PostSnapshot(
                                postId, "published", "Hi", at, "UTC", null, at, List.of(), List.of(used))));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> QuarkusTransaction.requiringNew()
                        .call(() -> items.findById(used).firstAttachedAt() != null));

        // Eight days later both stay (only the 7-day TTL has passed).
        drain(Instant.now().plus(Duration.ofDays(8)));
        assertEquals("ready", api.get(library).getString("status"));

        // Thirty-one days later the never-attached file goes, with its bytes; the attached one stays.
        drain(Instant.now().plus(Duration.ofDays(31)));
        given().header("Authorization", api.auth())
                .get("/v1/media/" + library)
                .then()
                .statusCode(404);
        assertEquals("ready", api.get(used).getString("status"));
    }

    private void drain(Instant now) {
        while (media.cleanUp(now) > 0) {
            // the cleanup works in batches
        }
    }
}

package dev.herald.media.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

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
import dev.herald.media.PostUsage;
import dev.herald.media.Samples;
import dev.herald.media.repository.PostUsageRepository;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.TestKafka;

/**
 * Media attached to a post that is not final cannot be deleted and is not cleaned up; media-service learns the
 * attachments from the post events on the real broker, as the post-service sends them.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class MediaUsageTest {

    private final String workspace = "ws_" + UUID.randomUUID();
    private final MediaApi api = new MediaApi(workspace);

    @Inject
    PostUsageRepository usages;

    @Inject
    MediaService media;

    @Inject
    EntityManager entityManager;

    @Test
    void shouldRefuseToDeleteWhenTheMediaIsAttachedToAScheduledPost() {
        String id = readyImage(16);
        String post = Ids.newId("post");
        announce(post, workspace, "scheduled", List.of(id), Instant.now());
        awaitStatus(post, "scheduled");

        delete(id)
                .statusCode(409)
                .body("error.code", equalTo("media_in_use"))
                .body("error.message", containsString(post));
        assertEquals("ready", api.get(id).getString("status"));

        // The post is published: the file is free to go.
        announce(post, workspace, "published", List.of(id), Instant.now());
        awaitStatus(post, "published");
        delete(id).statusCode(204);
        given().header("Authorization", api.auth())
                .get("/v1/media/" + id)
                .then()
                .statusCode(404);
    }

    @Test
    void shouldAllowDeletingWhenAnEditTakesTheMediaOffThePost() {
        String kept = readyImage(16);
        String dropped = readyImage(17);
        String post = Ids.newId("post");
        Instant created = Instant.now();
        announce(post, workspace, "scheduled", List.of(kept, dropped), created);
        awaitStatus(post, "scheduled");
        delete(dropped).statusCode(409);

        announce(post, workspace, "scheduled", List.of(kept), created.plusSeconds(1));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> !inTx(() -> usages.findById(post).mediaIds().contains(dropped)));
        delete(dropped).statusCode(204);
        delete(kept).statusCode(409).body("error.code", equalTo("media_in_use"));
    }

    @Test
    void shouldIgnoreAnOlderEventWhenItArrivesAfterThePostWasFinal() {
        String id = readyImage(16);
        String post = Ids.newId("post");
        Instant scheduledAt = Instant.now();
        announce(post, workspace, "canceled", List.of(id), scheduledAt.plusSeconds(5));
        awaitStatus(post, "canceled");

        // An outbox re-send brings back the event from before the cancellation.
        String late = announce(post, workspace, "scheduled", List.of(id), scheduledAt);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> processed(late));

        assertEquals("canceled", inTx(() -> usages.findById(post).postStatus()));
        delete(id).statusCode(204);
    }

    @Test
    void shouldNotBlockTheDeleteWhenTheUsingPostIsInAnotherWorkspace() {
        String id = readyImage(16);
        String post = Ids.newId("post");
        announce(post, "ws_" + UUID.randomUUID(), "publishing", List.of(id), Instant.now());
        awaitStatus(post, "publishing");
        delete(id).statusCode(204);
    }

    @Test
    void shouldKeepAFileForAPostThatIsNotFinalWhenTheCleanupRuns() {
        String failed = api.upload(Samples.executable(), "x.png", "image/png");
        assertEquals("failed", api.awaitFinal(failed).getString("status"));
        String post = Ids.newId("post");
        announce(post, workspace, "publishing", List.of(failed), Instant.now());
        awaitStatus(post, "publishing");

        Instant later = Instant.now().plus(Duration.ofDays(8));
        cleanUpAll(later);
        assertEquals("failed", api.get(failed).getString("status"));

        announce(post, workspace, "failed", List.of(failed), Instant.now());
        awaitStatus(post, "failed");
        cleanUpAll(later);
        given().header("Authorization", api.auth())
                .get("/v1/media/" + failed)
                .then()
                .statusCode(404);
    }

    private void cleanUpAll(Instant at) {
        while (media.cleanUp(at) > 0) {
            // next batch
        }
    }

    private String readyImage(int size) {
        String id = api.upload(Samples.png(size, size), "p.png", "image/png");
        assertEquals("ready", api.awaitFinal(id).getString("status"));
        return id;
    }

    private io.restassured.response.ValidatableResponse delete(String id) {
        return given().header("Authorization", api.auth())
                .delete("/v1/media/" + id)
                .then();
    }

    /** Sends a post event as the post-service's outbox relay would; returns the event id. */
    private static String announce(
            String postId, String workspaceId, String status, List<String> mediaIds, Instant at) {
        String type = switch (status) {
            case "published" -> EventTypes.POST_PUBLISHED;
            case "canceled" -> EventTypes.POST_CANCELED;
            case "failed" -> EventTypes.POST_FAILED;
            default -> EventTypes.POST_UPDATED;
        };
        String eventId = Ids.newId("evt");
        PostEvent.PostSnapshot snapshot =
                new PostEvent.PostSnapshot(postId, status, "Hello", at, "UTC", null, at, List.of(), mediaIds);
        TestKafka.sendWithId(
                Topics.POST_EVENTS, postId, type, eventId, new PostEvent(eventId, type, at, workspaceId, snapshot));
        return eventId;
    }

    private void awaitStatus(String postId, String status) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(inTx(() -> usages.findByIdOptional(postId)
                        .map(PostUsage::postStatus)
                        .orElse(null))));
    }

    private boolean processed(String eventId) {
        return inTx(() -> ((Number) entityManager
                                .createNativeQuery("SELECT count(*) FROM processed_event WHERE event_id = :id")
                                .setParameter("id", eventId)
                                .getSingleResult())
                        .longValue()
                > 0);
    }

    private static <T> T inTx(java.util.concurrent.Callable<T> work) {
        return QuarkusTransaction.requiringNew().call(work);
    }
}

package dev.herald.media.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.herald.events.Topics;
import dev.herald.media.MediaApi;
import dev.herald.media.MediaItem;
import dev.herald.media.Samples;
import dev.herald.media.config.MediaConfig;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.OutboxFault;

/**
 * The transaction recording a job's outcome fails once (PostgreSQL raises in a trigger on the outbox insert) after the
 * file was inspected. Only that transaction is tried again: the stored file is gone by then, so a second inspection
 * would end the item {@code failed}; it ends {@code ready} with what the one inspection measured.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class MediaOutcomeRetryTest {

    private final String workspace = "ws_" + UUID.randomUUID();
    private final MediaApi api = new MediaApi(workspace);

    @Inject
    MediaConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldRecordTheOutcomeWithoutInspectingAgainWhenItsTransactionFailsOnce() throws Exception {
        String id = api.stage(Samples.png(16, 12), "once.png", "image/png");
        Path stored = config.storage().directory().toAbsolutePath().resolve(MediaItem.storageKeyOf(workspace, id));
        try (Connection control = dataSource.getConnection();
                OutboxFault fault = OutboxFault.failFirstInsert(control, Topics.MEDIA_EVENTS, id)) {
            // The failing insert waits for the release, so the file is removed while the job is between its steps.
            api.complete(id);

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fault.tries() > 0);
            Files.delete(stored);
            fault.release();

            JsonPath item = api.awaitFinal(id);
            assertEquals("ready", item.getString("status"), item.prettify());
            assertEquals(16, item.getInt("width"));
            assertEquals(12, item.getInt("height"));
            assertEquals(2, fault.tries(), "the outcome's insert: the failed try and the one retry");
        }
    }
}

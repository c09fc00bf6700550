package dev.herald.media.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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
        String name = "fail_once_" + id.replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
        long gate = ThreadLocalRandom.current().nextLong();
        try (Connection control = dataSource.getConnection();
                Statement sql = control.createStatement()) {
            // The failing insert waits on this lock, so the file is removed while the job is between its steps.
            sql.execute("SELECT pg_advisory_lock(" + gate + ")");
            try {
                sql.execute("CREATE SEQUENCE " + name);
                sql.execute("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " IF NEW.topic = '" + Topics.MEDIA_EVENTS + "' AND NEW.msg_key = '" + id + "' THEN"
                        + " IF nextval('" + name + "') = 1 THEN"
                        + " PERFORM pg_advisory_xact_lock(" + gate + ");"
                        + " RAISE EXCEPTION 'the database failed this transaction (test)'; END IF; END IF;"
                        + " RETURN NEW; END $$");
                sql.execute("CREATE TRIGGER " + name + " BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION " + name
                        + "()");
                api.complete(id);

                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> calls(sql, name) > 0);
                Files.delete(stored);
                sql.execute("SELECT pg_advisory_unlock(" + gate + ")");

                JsonPath item = api.awaitFinal(id);
                assertEquals("ready", item.getString("status"), item.prettify());
                assertEquals(16, item.getInt("width"));
                assertEquals(12, item.getInt("height"));
                assertEquals(2, calls(sql, name), "the outcome's insert: the failed try and the one retry");
            } finally {
                sql.execute("SELECT pg_advisory_unlock_all()");
                sql.execute("DROP TRIGGER IF EXISTS " + name + " ON outbox");
                sql.execute("DROP FUNCTION IF EXISTS " + name + "()");
                sql.execute("DROP SEQUENCE IF EXISTS " + name);
            }
        }
    }

    /** How often the media event's insert was tried; a sequence, since the failed try's own writes roll back. */
    private static long calls(Statement sql, String sequence) throws SQLException {
        try (ResultSet row =
                sql.executeQuery("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + sequence)) {
            row.next();
            return row.getLong(1);
        }
    }
}

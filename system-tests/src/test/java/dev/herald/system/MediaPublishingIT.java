package dev.herald.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.publisher.connector.bluesky.BlueskyPdsStub;
import dev.herald.publisher.connector.mastodon.MastodonStub;
import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * A post with media, published for real through the whole stack: uploaded through the gateway, processed by
 * media-service, its bytes fetched by the publisher from media-service's internal API with a service token, and
 * uploaded to the platform (a stub following Mastodon's documented media API) with its alt text.
 */
class MediaPublishingIT {

    private static final String ADMIN_TOKEN = "system-test-" + UUID.randomUUID();
    private static final MastodonStub MASTODON = new MastodonStub();
    private static final BlueskyPdsStub BLUESKY = new BlueskyPdsStub();
    private static HeraldStack stack;
    private static Tenant tenant;
    private static String mastodonBase;

    @BeforeAll
    static void start() {
        MASTODON.start();
        mastodonBase = MastodonStub.base;
        BLUESKY.start();
        Path data =
                HeraldPaths.root().resolve("system-tests/target/stack-media-publishing-" + System.currentTimeMillis());
        stack = HeraldStack.create(HeraldStack.Options.forTests(data, ADMIN_TOKEN));
        // The stub instance is on loopback over http: allowed for this stack only.
        stack.environment("publisher-service", "HERALD_PUBLISHER_ALLOW_PRIVATE_INSTANCE_URLS", "true");
        stack.environment("publisher-service", "HERALD_PUBLISHER_APPS_BLUESKY_API_BASE_URL", BLUESKY.baseUrl());
        stack.startAll();
        tenant = Tenant.provision(stack, ADMIN_TOKEN, "Media publishing", "live");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        MASTODON.stop();
        BLUESKY.stop();
    }

    @Test
    void shouldUploadTheImageAsABlobAndEmbedItWhenAPostWithMediaGoesToBluesky() throws IOException {
        BlueskyPdsStub.Account pds =
                BlueskyPdsStub.account("photos-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
        String account = tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of("identifier", pds.handle, "app_password", pds.appPassword))
                .post("/v1/accounts/connect/bluesky")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        awaitUsable(account);
        byte[] png = png(30, 20, Color.GREEN);
        String media = upload(png, "field.png", "image/png", "A green field");

        JsonPath published = awaitFinal(publishNow("Spring https://example.com/spring", account, List.of(media)));

        assertEquals("published", published.getString("status"), published.prettify());
        BlueskyPdsStub.Stored record = BlueskyPdsStub.find(published.getString("destinations[0].platform_post_id"));
        JsonNode image = record.value().path("embed").path("images").get(0);
        assertEquals("A green field", image.path("alt").asText());
        assertEquals(30, image.path("aspectRatio").path("width").asInt());
        assertEquals(20, image.path("aspectRatio").path("height").asInt());
        BlueskyPdsStub.Blob blob = BlueskyPdsStub.BLOBS.get(
                image.path("image").path("ref").path("$link").asText());
        assertArrayEquals(png, blob.bytes(), "the bytes as uploaded to Herald");
        assertEquals("image/png", blob.mimeType());
    }

    @Test
    void shouldUploadTheImagesBytesAndAltTextToMastodonWhenAPostWithMediaIsPublished() throws IOException {
        MastodonStub.nextUser("painter");
        String account = connectMastodon();
        byte[] png = png(64, 48, Color.ORANGE);
        String media = upload(png, "sunset.png", "image/png", "An orange square at sunset");

        String post = publishNow("Look at this", account, List.of(media));

        JsonPath published = awaitFinal(post);
        assertEquals("published", published.getString("status"), published.prettify());
        MastodonStub.Status status = MastodonStub.find(published.getString("destinations[0].platform_post_id"));
        assertEquals("Look at this", status.text());
        assertEquals(1, status.attachments().size());
        assertArrayEquals(png, status.attachments().get(0).bytes(), "the bytes as uploaded to Herald");
        assertEquals("image/png", status.attachments().get(0).contentType());
        assertEquals("An orange square at sunset", status.attachments().get(0).description());
    }

    @Test
    void shouldAttachFilesInThePostsOrderWhenThereAreSeveral() throws IOException {
        MastodonStub.nextUser("collector");
        String account = connectMastodon();
        byte[] first = png(10, 10, Color.RED);
        byte[] second = png(12, 12, Color.BLUE);
        String one = upload(first, "one.png", "image/png", null);
        String two = upload(second, "two.png", "image/png", null);

        JsonPath published = awaitFinal(publishNow("Two of them", account, List.of(two, one)));

        assertEquals("published", published.getString("status"), published.prettify());
        MastodonStub.Status status = MastodonStub.find(published.getString("destinations[0].platform_post_id"));
        assertEquals(2, status.attachments().size());
        assertArrayEquals(second, status.attachments().get(0).bytes());
        assertArrayEquals(first, status.attachments().get(1).bytes());
    }

    /** Connects an account as a user's browser does: Herald's connect call, the consent page, Herald's callback. */
    private static String connectMastodon() {
        String consent = tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of("instance_url", mastodonBase))
                .post("/v1/accounts/connect/mastodon")
                .then()
                .statusCode(201)
                .extract()
                .path("authorization_url");
        Response page = RestAssured.given()
                .urlEncodingEnabled(false)
                .redirects()
                .follow(false)
                .get(consent);
        assertEquals(302, page.statusCode(), page.asString());
        URI back = URI.create(page.header("Location"));
        String account = RestAssured.given()
                .urlEncodingEnabled(false)
                .get(back.toString())
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        awaitUsable(account);
        return account;
    }

    /** The post-service learns of a connected account from herald.accounts.v1. */
    private static void awaitUsable(String account) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> tenant.api()
                        .contentType(ContentType.JSON)
                        .body(Map.of("caption", "probe", "account_ids", List.of(account)))
                        .post("/v1/posts/validate")
                        .then()
                        .statusCode(200)
                        .body("valid", org.hamcrest.Matchers.equalTo(true)));
    }

    private static String upload(byte[] bytes, String filename, String type, String altText) {
        var request = tenant.api().multiPart("file", filename, bytes, type);
        if (altText != null) {
            request = request.multiPart("alt_text", altText);
        }
        String id = request.post("/v1/media").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> tenant.api()
                                .get("/v1/media/" + id)
                                .then()
                                .extract()
                                .path("status"),
                        "ready"::equals);
        return id;
    }

    private static String publishNow(String caption, String account, List<String> media) {
        // media.ready reaches the post-service through Kafka: until then the post is refused as media_not_ready.
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> tenant.api()
                                .contentType(ContentType.JSON)
                                .body(Map.of("caption", caption, "account_ids", List.of(account), "media_ids", media))
                                .post("/v1/posts")
                                .then()
                                .extract(),
                        created -> created.statusCode() == 201)
                .path("id");
    }

    private static JsonPath awaitFinal(String post) {
        return await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> tenant.api()
                                .get("/v1/posts/" + post)
                                .then()
                                .extract()
                                .jsonPath(),
                        json -> Set.of("published", "failed", "partial").contains(json.getString("status")));
    }

    private static byte[] png(int width, int height, Color color) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(color);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

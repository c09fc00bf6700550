package dev.herald.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
import dev.herald.publisher.connector.linkedin.LinkedInStub;
import dev.herald.publisher.connector.mastodon.MastodonStub;
import dev.herald.publisher.connector.pinterest.PinterestStub;
import dev.herald.publisher.connector.threads.ThreadsStub;
import dev.herald.publisher.connector.x.XApiStub;
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
    private static final XApiStub X = new XApiStub();
    private static final ThreadsStub THREADS = new ThreadsStub();
    private static final LinkedInStub LINKEDIN = new LinkedInStub();
    private static final PinterestStub PINTEREST = new PinterestStub();
    private static HeraldStack stack;
    private static Tenant tenant;
    private static String mastodonBase;

    @BeforeAll
    static void start() {
        MASTODON.start();
        mastodonBase = MastodonStub.base;
        BLUESKY.start();
        Map<String, String> apps = new HashMap<>(X.start());
        apps.putAll(THREADS.start());
        apps.putAll(LINKEDIN.start());
        apps.putAll(PINTEREST.start());
        Path data =
                HeraldPaths.root().resolve("system-tests/target/stack-media-publishing-" + System.currentTimeMillis());
        stack = HeraldStack.create(HeraldStack.Options.forTests(data, ADMIN_TOKEN));
        // The stub instance is on loopback over http: allowed for this stack only.
        stack.environment("publisher-service", "HERALD_PUBLISHER_ALLOW_PRIVATE_INSTANCE_URLS", "true");
        stack.environment("publisher-service", "HERALD_PUBLISHER_APPS_BLUESKY_API_BASE_URL", BLUESKY.baseUrl());
        // The OAuth platforms' apps (client id and secret) and addresses, as the stubs give them.
        apps.forEach((name, value) -> {
            if (name.startsWith("herald.publisher.apps.")) {
                stack.environment("publisher-service", name.toUpperCase().replaceAll("[^A-Z0-9]", "_"), value);
            }
        });
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
        X.stop();
        THREADS.stop();
        LINKEDIN.stop();
        PINTEREST.stop();
    }

    @Test
    void shouldCreateACarouselPinWhosImagesPinterestFetchesFromHeraldsPublicUrls() throws IOException {
        PinterestStub.User user = PinterestStub.nextUser("moodboard");
        String account = connectThroughConsent("pinterest", Map.of());
        byte[] first = png(30, 40, Color.BLACK);
        byte[] second = png(40, 30, Color.WHITE);
        String one = upload(first, "one.png", "image/png", "Dark");
        String two = upload(second, "two.png", "image/png", null);

        JsonPath published = awaitFinal(publishNow(
                "Autumn palette",
                account,
                List.of(one, two),
                Map.of("pinterest", Map.of("board_id", user.boardId, "title", "Palette"))));

        assertEquals("published", published.getString("status"), published.prettify());
        PinterestStub.Pin pin = PinterestStub.find(published.getString("destinations[0].platform_post_id"));
        assertEquals(
                "multiple_image_urls",
                pin.body().path("media_source").path("source_type").asText());
        assertEquals("Palette", pin.body().path("title").asText());
        assertEquals("Autumn palette", pin.body().path("description").asText());
        assertEquals("Dark", pin.body().path("alt_text").asText());
        assertArrayEquals(first, pin.images().get(0));
        assertArrayEquals(second, pin.images().get(1));
    }

    @Test
    void shouldPutEachImageToLinkedInsUploadUrlAndPostThemAsAMultiImageWhenThereAreSeveral() throws IOException {
        LinkedInStub.nextMember("Ada Lovelace");
        String account = connectThroughConsent("linkedin", Map.of());
        byte[] first = png(16, 9, Color.YELLOW);
        byte[] second = png(9, 16, Color.GRAY);
        String one = upload(first, "wide.png", "image/png", "Wide");
        String two = upload(second, "tall.png", "image/png", "Tall");

        JsonPath published =
                awaitFinal(publishNow("Two shapes https://example.com/shapes", account, List.of(one, two)));

        assertEquals("published", published.getString("status"), published.prettify());
        LinkedInStub.Post post = LinkedInStub.POSTS.stream()
                .filter(p -> p.urn().equals(published.getString("destinations[0].platform_post_id")))
                .findFirst()
                .orElseThrow();
        List<byte[]> images = post.imageBytes();
        assertEquals(2, images.size());
        assertArrayEquals(first, images.get(0));
        assertArrayEquals(second, images.get(1));
        assertEquals(
                "Wide",
                post.body()
                        .path("content")
                        .path("multiImage")
                        .path("images")
                        .get(0)
                        .path("altText")
                        .asText());
        // No article beside images: the link is in the commentary.
        assertTrue(post.body().path("commentary").asText().contains("example.com/shapes"));
    }

    @Test
    void shouldBuildACarouselThreadsFetchesFromHeraldsPublicUrlsWhenAPostHasTwoImages() throws IOException {
        ThreadsStub.nextProfile("gallery");
        String account = connectThroughConsent("threads", Map.of());
        byte[] first = png(20, 20, Color.CYAN);
        byte[] second = png(24, 24, Color.PINK);
        String one = upload(first, "a.png", "image/png", null);
        String two = upload(second, "b.png", "image/png", null);

        JsonPath published = awaitFinal(publishNow("A small gallery", account, List.of(one, two)));

        assertEquals("published", published.getString("status"), published.prettify());
        ThreadsStub.Container carousel =
                ThreadsStub.Container.ofPost(published.getString("destinations[0].platform_post_id"));
        assertEquals("CAROUSEL", carousel.mediaType);
        assertEquals(2, carousel.children.size());
        // Threads fetched each file from the signed public URL Herald gave: the same bytes, in order.
        assertArrayEquals(first, carousel.children.get(0).bytes);
        assertArrayEquals(second, carousel.children.get(1).bytes);
        assertEquals("image/png", carousel.children.get(0).contentType);
    }

    @Test
    void shouldUploadTheImageInSegmentsWithItsAltTextWhenAPostWithMediaGoesToX() throws IOException {
        XApiStub.nextUser("filmmaker");
        String account = connectThroughConsent("x", Map.of());
        byte[] png = png(50, 50, Color.MAGENTA);
        String image = upload(png, "poster.png", "image/png", "The film's poster");

        JsonPath published = awaitFinal(publishNow("Out now", account, List.of(image)));

        assertEquals("published", published.getString("status"), published.prettify());
        XApiStub.Post post = XApiStub.find(published.getString("destinations[0].platform_post_id"));
        assertEquals(1, post.media().size());
        assertArrayEquals(png, post.mediaBytes().get(0), "the bytes as uploaded to Herald");
        assertEquals("The film's poster", post.altTexts().get(0));
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

    private static String connectMastodon() {
        return connectThroughConsent("mastodon", Map.of("instance_url", mastodonBase));
    }

    /** Connects an account as a user's browser does: Herald's connect call, the consent page, Herald's callback. */
    private static String connectThroughConsent(String platform, Map<String, String> body) {
        String consent = tenant.api()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/accounts/connect/" + platform)
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
        // Known once the post-service raises nothing about the account itself (a probe without media may still be
        // invalid for the platform, e.g. Pinterest needs an image and a board).
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> tenant.api()
                                .contentType(ContentType.JSON)
                                .body(Map.of("caption", "probe", "account_ids", List.of(account)))
                                .post("/v1/posts/validate")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("problems.field", String.class),
                        fields -> fields.stream().noneMatch(field -> field.startsWith("account_ids")));
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
        return publishNow(caption, account, media, Map.of());
    }

    private static String publishNow(
            String caption, String account, List<String> media, Map<String, Object> platformOptions) {
        Map<String, Object> body =
                new HashMap<>(Map.of("caption", caption, "account_ids", List.of(account), "media_ids", media));
        body.put("platform_options", platformOptions);
        // media.ready reaches the post-service through Kafka: until then the post is refused as media_not_ready.
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> tenant.api()
                                .contentType(ContentType.JSON)
                                .body(body)
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

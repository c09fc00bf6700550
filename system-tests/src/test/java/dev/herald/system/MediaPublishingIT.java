package dev.herald.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

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
        String account = tenant.connectThroughConsent("pinterest", Map.of());
        byte[] first = Images.png(30, 40, Color.BLACK);
        byte[] second = Images.png(40, 30, Color.WHITE);
        String one = tenant.upload(first, "one.png", "image/png", "Dark");
        String two = tenant.upload(second, "two.png", "image/png", null);

        JsonPath published = tenant.awaitFinal(tenant.publishNow(
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
        String account = tenant.connectThroughConsent("linkedin", Map.of());
        byte[] first = Images.png(16, 9, Color.YELLOW);
        byte[] second = Images.png(9, 16, Color.GRAY);
        String one = tenant.upload(first, "wide.png", "image/png", "Wide");
        String two = tenant.upload(second, "tall.png", "image/png", "Tall");

        JsonPath published = tenant.awaitFinal(
                tenant.publishNow("Two shapes https://example.com/shapes", account, List.of(one, two)));

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
        String account = tenant.connectThroughConsent("threads", Map.of());
        byte[] first = Images.png(20, 20, Color.CYAN);
        byte[] second = Images.png(24, 24, Color.PINK);
        String one = tenant.upload(first, "a.png", "image/png", null);
        String two = tenant.upload(second, "b.png", "image/png", null);

        JsonPath published = tenant.awaitFinal(tenant.publishNow("A small gallery", account, List.of(one, two)));

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
        String account = tenant.connectThroughConsent("x", Map.of());
        byte[] png = Images.png(50, 50, Color.MAGENTA);
        String image = tenant.upload(png, "poster.png", "image/png", "The film's poster");

        JsonPath published = tenant.awaitFinal(tenant.publishNow("Out now", account, List.of(image)));

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
        tenant.awaitKnown(account);
        byte[] png = Images.png(30, 20, Color.GREEN);
        String media = tenant.upload(png, "field.png", "image/png", "A green field");

        JsonPath published =
                tenant.awaitFinal(tenant.publishNow("Spring https://example.com/spring", account, List.of(media)));

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
        String account = tenant.connectThroughConsent("mastodon", Map.of("instance_url", mastodonBase));
        byte[] png = Images.png(64, 48, Color.ORANGE);
        String media = tenant.upload(png, "sunset.png", "image/png", "An orange square at sunset");

        String post = tenant.publishNow("Look at this", account, List.of(media));

        JsonPath published = tenant.awaitFinal(post);
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
        String account = tenant.connectThroughConsent("mastodon", Map.of("instance_url", mastodonBase));
        byte[] first = Images.png(10, 10, Color.RED);
        byte[] second = Images.png(12, 12, Color.BLUE);
        String one = tenant.upload(first, "one.png", "image/png", null);
        String two = tenant.upload(second, "two.png", "image/png", null);

        JsonPath published = tenant.awaitFinal(tenant.publishNow("Two of them", account, List.of(two, one)));

        assertEquals("published", published.getString("status"), published.prettify());
        MastodonStub.Status status = MastodonStub.find(published.getString("destinations[0].platform_post_id"));
        assertEquals(2, status.attachments().size());
        assertArrayEquals(second, status.attachments().get(0).bytes());
        assertArrayEquals(first, status.attachments().get(1).bytes());
    }
}

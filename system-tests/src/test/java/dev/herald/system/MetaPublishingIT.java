package dev.herald.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

import dev.herald.publisher.connector.facebook.FacebookStub;
import dev.herald.publisher.connector.instagram.InstagramStub;
import dev.herald.publisher.connector.threads.ThreadsStub;
import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * Facebook Pages and Instagram through the whole stack, against stubs following Meta's documented contracts: images
 * uploaded through the gateway, processed by media-service, and handed to the platform as a signed public URL that
 * the platform (the stub) fetches itself — the bytes it gets must be the bytes uploaded to Herald.
 */
class MetaPublishingIT {

    private static final String ADMIN_TOKEN = "system-test-" + UUID.randomUUID();
    private static final FacebookStub FACEBOOK = new FacebookStub();
    private static final InstagramStub INSTAGRAM = new InstagramStub();
    private static final ThreadsStub THREADS = new ThreadsStub();
    private static HeraldStack stack;
    private static Tenant tenant;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(FACEBOOK.start());
        settings.putAll(INSTAGRAM.start());
        settings.putAll(THREADS.start());
        Path data =
                HeraldPaths.root().resolve("system-tests/target/stack-meta-publishing-" + System.currentTimeMillis());
        stack = HeraldStack.create(HeraldStack.Options.forTests(data, ADMIN_TOKEN));
        // The platforms' apps and addresses as the stubs give them (not the media-service address the Threads stub
        // gives its connector tests: here the real media-service serves the files).
        settings.forEach((key, value) -> {
            if (key.startsWith("herald.publisher.apps.")) {
                stack.environment(
                        "publisher-service",
                        key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'),
                        value);
            }
        });
        // A lost answer is noticed after this long (the stubs' stalled calls never answer).
        stack.environment("publisher-service", "HERALD_PUBLISHER_PLATFORM_TIMEOUT", "5s");
        stack.startAll();
        tenant = Tenant.provision(stack, ADMIN_TOKEN, "Meta publishing", "live");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        FACEBOOK.stop();
        INSTAGRAM.stop();
        THREADS.stop();
    }

    @Test
    void shouldPublishAPhotoToTheChosenPageWhichFacebookFetchesFromTheUrlHeraldGave() throws IOException {
        List<FacebookStub.Page> pages = FacebookStub.nextUser("Other Page", "Herald Gallery");
        String account = tenant.connectThroughConsent("facebook", Map.of("page_id", pages.get(1).id));
        byte[] png = Images.of(40, 30, Color.ORANGE, "png");
        String media = tenant.upload(png, "sunset.png", "image/png", "An orange sunset");

        JsonPath published = tenant.awaitFinal(tenant.publishNow("Tonight's sky", account, List.of(media)));

        assertEquals("published", published.getString("status"), published.prettify());
        FacebookStub.Post post = FacebookStub.find(published.getString("destinations[0].platform_post_id"));
        assertEquals(pages.get(1), post.page);
        assertEquals("Tonight's sky", post.message);
        assertEquals(1, post.media.size());
        assertArrayEquals(png, post.media.get(0).bytes(), "the bytes as uploaded to Herald");
        assertEquals("An orange sunset", post.media.get(0).altText());
        assertTrue(post.media.get(0).url().startsWith("http"), post.media.get(0).url());
    }

    @Test
    void shouldAttachSeveralPhotosToOneFacebookPostInThePostsOrder() throws IOException {
        FacebookStub.nextUser("Album Page");
        String account = tenant.connectThroughConsent("facebook", Map.of());
        byte[] first = Images.of(10, 10, Color.RED, "png");
        byte[] second = Images.of(12, 12, Color.BLUE, "png");
        String one = tenant.upload(first, "one.png", "image/png", null);
        String two = tenant.upload(second, "two.png", "image/png", null);

        JsonPath published = tenant.awaitFinal(tenant.publishNow("Two photos", account, List.of(two, one)));

        assertEquals("published", published.getString("status"), published.prettify());
        FacebookStub.Post post = FacebookStub.find(published.getString("destinations[0].platform_post_id"));
        assertEquals(2, post.media.size());
        assertArrayEquals(second, post.media.get(0).bytes());
        assertArrayEquals(first, post.media.get(1).bytes());
        assertTrue(post.media.stream().noneMatch(FacebookStub.Fetched::published), "uploaded unpublished, attached");
    }

    @Test
    void shouldPublishAnImageToInstagramThroughAContainerInstagramFetchesFromTheUrlHeraldGave() throws IOException {
        InstagramStub.User user = InstagramStub.nextUser("herald.gallery");
        String account = tenant.connectThroughConsent("instagram", Map.of());
        byte[] jpeg = Images.of(50, 50, Color.GREEN, "jpg");
        String media = tenant.upload(jpeg, "field.jpg", "image/jpeg", "A green field");

        JsonPath published = tenant.awaitFinal(tenant.publishNow("Spring", account, List.of(media)));

        assertEquals("published", published.getString("status"), published.prettify());
        InstagramStub.Container container =
                InstagramStub.published(published.getString("destinations[0].platform_post_id"));
        assertEquals(user, container.owner);
        assertEquals("IMAGE", container.mediaType);
        assertEquals("Spring", container.caption);
        assertEquals("A green field", container.altText);
        assertArrayEquals(jpeg, container.file.bytes(), "the bytes as uploaded to Herald");
        assertEquals(
                "https://www.instagram.com/p/C" + container.publishedId + "/",
                published.getString("destinations[0].permalink"));
    }

    @Test
    void shouldPublishACarouselOfChildContainersToInstagram() throws IOException {
        InstagramStub.User user = InstagramStub.nextUser("herald.carousel");
        String account = tenant.connectThroughConsent("instagram", Map.of());
        byte[] first = Images.of(20, 20, Color.YELLOW, "jpg");
        byte[] second = Images.of(22, 22, Color.MAGENTA, "jpg");
        String one = tenant.upload(first, "a.jpg", "image/jpeg", null);
        String two = tenant.upload(second, "b.jpg", "image/jpeg", null);

        JsonPath published = tenant.awaitFinal(tenant.publishNow("A carousel", account, List.of(one, two)));

        assertEquals("published", published.getString("status"), published.prettify());
        InstagramStub.Container carousel =
                InstagramStub.published(published.getString("destinations[0].platform_post_id"));
        assertEquals("CAROUSEL", carousel.mediaType);
        assertEquals(2, carousel.children.size());
        assertArrayEquals(first, carousel.children.get(0).file.bytes());
        assertArrayEquals(second, carousel.children.get(1).file.bytes());
        assertEquals(1, InstagramStub.published(user, "A carousel"));
    }

    @Test
    void shouldPublishTheInstagramContainerOnceWhenThePublishAnswerWasLost() throws IOException {
        InstagramStub.User user = InstagramStub.nextUser("herald.stalled");
        user.stallNextPublish = true;
        String account = tenant.connectThroughConsent("instagram", Map.of());
        String media = tenant.upload(Images.of(16, 16, Color.CYAN, "jpg"), "c.jpg", "image/jpeg", null);

        JsonPath published =
                tenant.awaitFinal(tenant.publishNow("Published despite the timeout", account, List.of(media)));

        assertEquals("published", published.getString("status"), published.prettify());
        assertEquals(1, InstagramStub.published(user, "Published despite the timeout"), "one post");
        assertEquals(
                1,
                InstagramStub.CONTAINERS.stream().filter(c -> c.owner == user).count(),
                "one container, read back by its status instead of a second one");
    }

    @Test
    void shouldAskThreadsAgainByDeferralWhileItProcessesTheContainerAndPublishItOnce() throws IOException {
        ThreadsStub.Profile profile = ThreadsStub.nextProfile("slowfetch");
        profile.processingReads = 1;
        String account = tenant.connectThroughConsent("threads", Map.of());
        byte[] png = Images.png(30, 30, Color.BLUE);
        String image = tenant.upload(png, "slow.png", "image/png", null);
        int before = ThreadsStub.CONTAINERS.size();

        JsonPath published = tenant.awaitFinal(tenant.publishNow("Fetched slowly", account, List.of(image)));

        assertEquals("published", published.getString("status"), published.prettify());
        ThreadsStub.Container container =
                ThreadsStub.Container.ofPost(published.getString("destinations[0].platform_post_id"));
        assertEquals(before + 1, ThreadsStub.CONTAINERS.size(), "one container, published once it was FINISHED");
        assertTrue(container.reads.get() >= 2, "IN_PROGRESS first, asked again later: " + container.reads.get());
        assertArrayEquals(png, container.bytes, "the bytes as uploaded to Herald");
    }
}

package dev.herald.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.herald.client.Herald;
import dev.herald.client.HeraldException;
import dev.herald.client.PostsQuery;
import dev.herald.client.model.CreatePostRequest;
import dev.herald.client.model.PagePostResponse;
import dev.herald.client.model.Post;
import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * The Java client (sdk/java, generated from the committed spec) against a real stack: an idempotent create, a get, a
 * list walked page by page with the cursor, and Herald's error codes as {@link HeraldException}s.
 */
class JavaSdkIT {

    private static final String ADMIN_TOKEN = "java-sdk-" + UUID.randomUUID();

    private static HeraldStack stack;
    private static Herald herald;
    private static String account;

    @BeforeAll
    static void start() {
        Path data = HeraldPaths.root().resolve("system-tests/target/stack-java-sdk-" + System.currentTimeMillis());
        stack = HeraldStack.start(HeraldStack.Options.forTests(data, ADMIN_TOKEN));
        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, "java-sdk");
        account = tenant.connectSandboxAccount();
        herald = Herald.builder(stack.gatewayUrl(), tenant.apiKey()).build();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A draft is never sent: it stays as created while the test reads it. */
    private static CreatePostRequest draft(String caption, String run) {
        return new CreatePostRequest()
                .caption(caption)
                .accountIds(List.of(account))
                .mode("draft")
                .externalId(run);
    }

    @Test
    void shouldCreateOnceAndGetThePostWhenTheSameIdempotencyKeyIsSentTwice() {
        String run = "java-" + UUID.randomUUID();
        String key = Herald.newIdempotencyKey();
        Post created = herald.posts().create(draft("Hello from the Java client", run), key);
        Post again = herald.posts().create(draft("Hello from the Java client", run), key);

        assertTrue(created.getId().startsWith("post_"), created.getId());
        assertEquals(created.getId(), again.getId());
        Post read = herald.posts().get(created.getId());
        assertEquals("Hello from the Java client", read.getCaption());
        assertEquals(account, read.getDestinations().get(0).getAccountId());
    }

    @Test
    void shouldListEveryPostPageByPageWhenTheCursorIsFollowed() {
        String run = "java-" + UUID.randomUUID();
        List<String> created = new ArrayList<>();
        for (String caption : List.of("one", "two", "three")) {
            created.add(herald.posts().create(draft(caption, run)).getId());
        }

        PagePostResponse first =
                herald.posts().list(new PostsQuery().externalId(run).limit(1));
        assertEquals(1, first.getData().size());
        assertEquals(Boolean.TRUE, first.getHasMore());
        assertNotNull(first.getNextCursor());

        List<String> seen = herald.posts()
                .all(new PostsQuery().externalId(run).limit(1))
                .map(Post::getId)
                .toList();
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no post twice: " + seen);
        assertEquals(List.of(created.get(2), created.get(1), created.get(0)), seen, "newest first");
    }

    @Test
    void shouldThrowHeraldExceptionWithTheCodeWhenTheApiRefuses() {
        HeraldException invalid =
                assertThrows(HeraldException.class, () -> herald.posts().create(new CreatePostRequest().caption("")));
        assertEquals(400, invalid.status());
        assertEquals("validation_failed", invalid.code());
        assertTrue(invalid.requestId().startsWith("req_"), invalid.requestId());
        assertFalse(invalid.details().isEmpty(), "every problem listed");

        HeraldException missing =
                assertThrows(HeraldException.class, () -> herald.posts().get("post_doesnotexist"));
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.code());

        String run = "java-" + UUID.randomUUID();
        String key = Herald.newIdempotencyKey();
        herald.posts().create(draft("first body", run), key);
        HeraldException reused =
                assertThrows(HeraldException.class, () -> herald.posts().create(draft("another body", run), key));
        assertEquals(422, reused.status());
        assertEquals("idempotency_key_reused", reused.code());

        Herald stranger =
                Herald.builder(stack.gatewayUrl(), "hk_test_not_a_real_key").build();
        HeraldException refused =
                assertThrows(HeraldException.class, () -> stranger.posts().list(new PostsQuery()));
        assertEquals(401, refused.status());
        assertFalse(refused.code().isBlank());
    }
}

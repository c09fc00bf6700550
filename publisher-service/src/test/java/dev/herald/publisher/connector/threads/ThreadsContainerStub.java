package dev.herald.publisher.connector.threads;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/**
 * The publishing side of {@link ThreadsStub}: {@code POST /{user}/threads} creates a TEXT, IMAGE, VIDEO or CAROUSEL
 * container (media fetched from its public URL; a video is {@code IN_PROGRESS} a moment), {@code GET /{id}} reads a
 * container's status (or a post's permalink), and {@code POST /{user}/threads_publish} publishes a finished container
 * once. The containers ({@link ThreadsStub.Container}, which the system tests name) stay in ThreadsStub.
 */
final class ThreadsContainerStub {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ThreadsContainerStub() {}

    static void create(HttpExchange exchange, ThreadsStub.Profile profile, Map<String, String> q) throws IOException {
        String type = q.getOrDefault("media_type", "");
        if (type.equals("IMAGE") || type.equals("VIDEO") || type.equals("CAROUSEL")) {
            mediaContainer(exchange, profile, q, type);
            return;
        }
        String text = q.getOrDefault("text", "");
        if (!"TEXT".equals(q.get("media_type")) || text.isEmpty()) {
            ThreadsStub.error(exchange, 400, 100, "The parameter text is required for media_type TEXT");
            return;
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > 500 && text.codePointCount(0, text.length()) > 500) {
            ThreadsStub.error(exchange, 400, 100, "Param text must be at most 500 characters long.");
            return;
        }
        if (profile.throttled) {
            ThreadsStub.error(exchange, 400, 4, "Application request limit reached");
            return;
        }
        ThreadsStub.Container container = new ThreadsStub.Container(
                Long.toString(17_800_000_000L + ThreadsStub.COUNTER.incrementAndGet()),
                profile,
                text,
                q.get("reply_to_id"));
        ThreadsStub.CONTAINERS.add(container);
        ThreadsStub.ok(exchange, JSON.createObjectNode().put("id", container.id));
    }

    private static void mediaContainer(
            HttpExchange exchange, ThreadsStub.Profile profile, Map<String, String> q, String type) throws IOException {
        String text = q.getOrDefault("text", "");
        boolean item = "true".equals(q.get("is_carousel_item"));
        String id = Long.toString(17_800_000_000L + ThreadsStub.COUNTER.incrementAndGet());
        if (type.equals("CAROUSEL")) {
            List<ThreadsStub.Container> children = new ArrayList<>();
            for (String child : q.getOrDefault("children", "").split(",")) {
                ThreadsStub.CONTAINERS.stream()
                        .filter(c -> c.id.equals(child.trim()) && c.owner == profile && c.carouselItem && c.finished())
                        .findFirst()
                        .ifPresent(children::add);
            }
            if (children.size() < 2 || children.size() > 20) {
                ThreadsStub.error(
                        exchange, 400, 100, "The parameter children must name 2 to 20 finished carousel items");
                return;
            }
            ThreadsStub.Container carousel = new ThreadsStub.Container(
                    id, profile, text, null, type, null, null, List.copyOf(children), false, Instant.now());
            ThreadsStub.CONTAINERS.add(carousel);
            ThreadsStub.ok(exchange, JSON.createObjectNode().put("id", id));
            return;
        }
        String url = q.get(type.equals("IMAGE") ? "image_url" : "video_url");
        if (url == null) {
            ThreadsStub.error(
                    exchange,
                    400,
                    100,
                    "The parameter " + (type.equals("IMAGE") ? "image_url" : "video_url")
                            + " is required for media_type " + type);
            return;
        }
        HttpResponse<byte[]> fetched;
        try {
            fetched = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | IllegalArgumentException e) {
            fetched = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fetched = null;
        }
        if (fetched == null || fetched.statusCode() != 200) {
            ThreadsStub.error(exchange, 400, 100, "The media could not be fetched from the URI: " + url);
            return;
        }
        ThreadsStub.Container container = new ThreadsStub.Container(
                id,
                profile,
                text,
                null,
                type,
                fetched.body(),
                fetched.headers().firstValue("Content-Type").orElse(null),
                List.of(),
                item,
                type.equals("VIDEO") ? Instant.now().plusMillis(1500) : Instant.now());
        ThreadsStub.CONTAINERS.add(container);
        ThreadsStub.ok(exchange, JSON.createObjectNode().put("id", id));
    }

    static void publish(HttpExchange exchange, ThreadsStub.Profile profile, Map<String, String> q) throws IOException {
        ThreadsStub.PUBLISH_CALLS.incrementAndGet();
        ThreadsStub.Container container = ThreadsStub.CONTAINERS.stream()
                .filter(c -> c.id.equals(q.get("creation_id")) && c.owner == profile)
                .findFirst()
                .orElse(null);
        if (container == null) {
            ThreadsStub.error(exchange, 400, 24, "The requested resource does not exist");
            return;
        }
        if (container.publishedId != null) {
            ThreadsStub.error(exchange, 400, 10, "The media container has already been published");
            return;
        }
        if (!container.finished() || container.carouselItem) {
            ThreadsStub.error(exchange, 400, 9007, "The media is not ready for publishing, please wait for a moment");
            return;
        }
        container.publishedId = Long.toString(18_000_000_000L + ThreadsStub.COUNTER.incrementAndGet());
        if (profile.stallNextPublish) {
            profile.stallNextPublish = false;
            try {
                ThreadsStub.NEVER.await(60, TimeUnit.SECONDS); // published, but the answer never leaves
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        ThreadsStub.ok(exchange, JSON.createObjectNode().put("id", container.publishedId));
    }

    /** A container's status, or a post's permalink. */
    static void read(HttpExchange exchange, String id) throws IOException {
        for (ThreadsStub.Container c : ThreadsStub.CONTAINERS) {
            if (c.id.equals(id)) {
                ThreadsStub.ok(
                        exchange,
                        JSON.createObjectNode()
                                .put("id", c.id)
                                .put(
                                        "status",
                                        c.publishedId != null
                                                ? "PUBLISHED"
                                                : c.finishedOnRead() ? "FINISHED" : "IN_PROGRESS"));
                return;
            }
            if (id.equals(c.publishedId)) {
                ThreadsStub.ok(
                        exchange,
                        JSON.createObjectNode()
                                .put("id", id)
                                .put("permalink", "https://www.threads.net/@" + c.owner.username + "/post/C" + id));
                return;
            }
        }
        ThreadsStub.error(exchange, 400, 100, "Object with ID '" + id + "' does not exist");
    }
}

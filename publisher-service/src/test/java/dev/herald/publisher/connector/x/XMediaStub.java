package dev.herald.publisher.connector.x;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import dev.herald.publisher.connector.StubHttp;

/**
 * X's chunked media upload as documented (https://docs.x.com/x-api/media/quickstart/media-upload-chunked, the
 * {@code initializeMediaUpload}, {@code appendMediaUpload}, {@code finalizeMediaUpload}, {@code getMediaUploadStatus}
 * and {@code createMediaMetadata} operations of the X API v2 OpenAPI document): the declared type, category and size
 * are checked ({@code tweet_image} up to 5 MB, {@code tweet_gif} 15 MB, {@code tweet_video} 512 MB), segments of at
 * most 5 MB with their {@code segment_index}, the total checked at finalize; a video or GIF is then processed
 * ({@code processing_info.state} {@code pending} then {@code succeeded} a moment later, polled with {@code
 * command=STATUS}); alt text at most 1,000 characters. Errors are X's problem objects.
 */
final class XMediaStub {

    /** An upload session and, once finalized, the media a post may use. */
    static final class Upload {
        final String id;
        final XApiStub.User owner;
        final String mediaType;
        final String category;
        final long totalBytes;
        final Map<Integer, byte[]> segments = new ConcurrentSkipListMap<>();
        volatile Instant readyAt;
        volatile String altText;
        /** {@code command=STATUS} reads received. */
        final java.util.concurrent.atomic.AtomicInteger statusReads = new java.util.concurrent.atomic.AtomicInteger();

        Upload(String id, XApiStub.User owner, String mediaType, String category, long totalBytes) {
            this.id = id;
            this.owner = owner;
            this.mediaType = mediaType;
            this.category = category;
            this.totalBytes = totalBytes;
        }

        /** The bytes as received, segments in index order. */
        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            segments.values().forEach(out::writeBytes);
            return out.toByteArray();
        }

        boolean usable() {
            return readyAt != null && !Instant.now().isBefore(readyAt);
        }
    }

    static final Map<String, Upload> UPLOADS = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong(1_870_000_000_000_000_000L);
    private static final long SEGMENT_LIMIT = 5L * 1024 * 1024;
    private static final Map<String, Long> LIMITS =
            Map.of("tweet_image", 5L * 1024 * 1024, "tweet_gif", 15L * 1024 * 1024, "tweet_video", 512L * 1024 * 1024);
    private static final List<String> TYPES = List.of(
            "video/mp4",
            "video/webm",
            "video/mp2t",
            "video/quicktime",
            "image/jpeg",
            "image/gif",
            "image/bmp",
            "image/png",
            "image/webp",
            "image/pjpeg",
            "image/tiff");

    private XMediaStub() {}

    /** {@code /2/media/upload...}: initialize, append, finalize, status. */
    static void upload(HttpExchange exchange) throws IOException {
        XApiStub.User user = XApiStub.bearer(exchange);
        if (user == null) {
            XApiStub.unauthorized(exchange);
            return;
        }
        String[] path = exchange.getRequestURI().getPath().split("/");
        boolean post = "POST".equals(exchange.getRequestMethod());
        if (path.length == 5 && "initialize".equals(path[4]) && post) {
            initialize(exchange, user);
        } else if (path.length == 6 && "append".equals(path[5]) && post) {
            append(exchange, session(path[4], user));
        } else if (path.length == 6 && "finalize".equals(path[5]) && post) {
            finalize(exchange, session(path[4], user));
        } else if (path.length == 4 && !post) {
            Map<String, String> query = StubHttp.form(exchange.getRequestURI().getRawQuery());
            Upload upload = session(query.getOrDefault("media_id", ""), user);
            if (upload == null || upload.readyAt == null) {
                invalid(exchange, "The media_id parameter is invalid.");
                return;
            }
            upload.statusReads.incrementAndGet();
            send(exchange, 200, media(upload));
        } else {
            StubHttp.send(exchange, 404, "application/problem+json", "{\"title\":\"Not Found\",\"status\":404}");
        }
    }

    /** {@code POST /2/media/metadata}: the alt text. */
    static void metadata(HttpExchange exchange) throws IOException {
        XApiStub.User user = XApiStub.bearer(exchange);
        if (user == null) {
            XApiStub.unauthorized(exchange);
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        Upload upload = session(body.path("id").asText(), user);
        String text = body.path("metadata").path("alt_text").path("text").asText(null);
        if (upload == null || upload.readyAt == null) {
            invalid(exchange, "The media id is invalid.");
            return;
        }
        if (text == null || text.length() > 1000) {
            invalid(exchange, "alt_text.text must be 1 to 1000 characters.");
            return;
        }
        upload.altText = text;
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("data").put("id", upload.id).put("associated_metadata", true);
        send(exchange, 200, answer);
    }

    /** The problem of a post's {@code media.media_ids}, or null when each is this user's and ready. */
    static String problem(JsonNode mediaIds, XApiStub.User user) {
        if (mediaIds.size() > 4) {
            return "Your media IDs are invalid.";
        }
        for (JsonNode id : mediaIds) {
            Upload upload = UPLOADS.get(id.asText());
            if (upload == null || upload.owner != user || !upload.usable()) {
                return "Your media IDs are invalid.";
            }
        }
        return null;
    }

    private static Upload session(String id, XApiStub.User user) {
        Upload upload = UPLOADS.get(id);
        return upload != null && upload.owner == user ? upload : null;
    }

    private static void initialize(HttpExchange exchange, XApiStub.User user) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String type = body.path("media_type").asText();
        String category = body.path("media_category").asText();
        long total = body.path("total_bytes").asLong(0);
        if (!TYPES.contains(type) || !LIMITS.containsKey(category) || total <= 0) {
            invalid(exchange, "media_type, media_category or total_bytes is invalid.");
            return;
        }
        if (total > LIMITS.get(category)) {
            invalid(exchange, "File size exceeds " + LIMITS.get(category) + " bytes for " + category + ".");
            return;
        }
        String id = Long.toString(IDS.incrementAndGet());
        UPLOADS.put(id, new Upload(id, user, type, category, total));
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("data")
                .put("id", id)
                .put("media_key", ("tweet_video".equals(category) ? "7_" : "3_") + id)
                .put("expires_after_secs", 86_400);
        send(exchange, 200, answer);
    }

    private static void append(HttpExchange exchange, Upload upload) throws IOException {
        Map<String, StubHttp.Part> form = StubHttp.multipart(exchange);
        if (upload == null || upload.readyAt != null) {
            invalid(exchange, "The media id is invalid or already finalized.");
            return;
        }
        StubHttp.Part media = form.get("media");
        StubHttp.Part index = form.get("segment_index");
        int segment;
        try {
            segment = Integer.parseInt(index == null ? "" : index.text().trim());
        } catch (NumberFormatException e) {
            segment = -1;
        }
        if (media == null || segment < 0 || segment > 999) {
            invalid(exchange, "media and a segment_index from 0 to 999 are required.");
            return;
        }
        if (media.content().length > SEGMENT_LIMIT) {
            invalid(exchange, "Segment is larger than 5 MB.");
            return;
        }
        upload.segments.put(segment, media.content());
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("data")
                .put("expires_at", Instant.now().plusSeconds(86_400).getEpochSecond());
        send(exchange, 200, answer);
    }

    private static void finalize(HttpExchange exchange, Upload upload) throws IOException {
        if (upload == null || upload.readyAt != null) {
            invalid(exchange, "The media id is invalid or already finalized.");
            return;
        }
        long received =
                upload.segments.values().stream().mapToLong(b -> b.length).sum();
        if (received != upload.totalBytes) {
            invalid(exchange, "File size mismatch: expected " + upload.totalBytes + " bytes, got " + received + ".");
            return;
        }
        boolean processed = !"tweet_image".equals(upload.category);
        upload.readyAt = processed ? Instant.now().plusMillis(1500) : Instant.now();
        send(exchange, 200, media(upload));
    }

    private static ObjectNode media(Upload upload) {
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode data = answer.putObject("data")
                .put("id", upload.id)
                .put("media_key", ("tweet_video".equals(upload.category) ? "7_" : "3_") + upload.id)
                .put("size", upload.totalBytes)
                .put("expires_after_secs", 86_400);
        if (!"tweet_image".equals(upload.category)) {
            boolean done = upload.usable();
            data.putObject("processing_info")
                    .put("state", done ? "succeeded" : "in_progress")
                    .put("progress_percent", done ? 100 : 40)
                    .put("check_after_secs", done ? 0 : 1);
        }
        return answer;
    }

    private static void invalid(HttpExchange exchange, String message) throws IOException {
        ObjectNode problem = JSON.createObjectNode()
                .put("title", "Invalid Request")
                .put("detail", "One or more parameters to your request was invalid.")
                .put("type", "https://api.twitter.com/2/problems/invalid-request");
        problem.putArray("errors").addObject().put("message", message);
        send(exchange, 400, problem);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        StubHttp.send(exchange, status, "application/json", body.toString());
    }
}

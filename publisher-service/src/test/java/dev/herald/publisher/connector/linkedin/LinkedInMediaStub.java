package dev.herald.publisher.connector.linkedin;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.herald.publisher.connector.StubHttp;

/**
 * The media side of {@link LinkedInStub}. Images
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api): {@code POST
 * /rest/images?action=initializeUpload} for the member gives an upload URL and an image URN; the bytes are {@code PUT}
 * there (the token as bearer); the image is {@code PROCESSING} a moment, then {@code AVAILABLE}. Videos
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api): uploaded in parts,
 * finalized with every part's ETag ({@link LinkedInStub.Video}, which the system tests name, stays there). A post may
 * show only the author's available images and videos.
 */
final class LinkedInMediaStub {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An image of the Images API: its owner, upload token and, once put, its bytes. */
    static final class Image {
        final String urn;
        final LinkedInStub.Member owner;
        final String uploadToken = UUID.randomUUID().toString();
        volatile byte[] bytes;
        /** Uploads of its bytes received. */
        final AtomicInteger puts = new AtomicInteger();

        final AtomicInteger reads = new AtomicInteger();

        Image(String urn, LinkedInStub.Member owner) {
            this.urn = urn;
            this.owner = owner;
        }

        String status() {
            return bytes == null
                    ? "WAITING_UPLOAD"
                    : reads.get() < owner.imageProcessingPolls ? "PROCESSING" : "AVAILABLE";
        }

        /** The status as a read answers it; the read counts. */
        String read() {
            String status = status();
            if (bytes != null) {
                reads.incrementAndGet();
            }
            return status;
        }
    }

    static final Map<String, Image> IMAGES = new ConcurrentHashMap<>();

    private LinkedInMediaStub() {}

    static Map<String, HttpHandler> routes() {
        return Map.of(
                "/rest/images", LinkedInMediaStub::images,
                "/rest/videos", LinkedInMediaStub::videos,
                "/dms-uploads/", LinkedInMediaStub::upload);
    }

    private static void images(HttpExchange exchange) throws IOException {
        LinkedInStub.Member member = LinkedInStub.versioned(exchange);
        if (member == null) {
            return;
        }
        if ("POST".equals(exchange.getRequestMethod())) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            if (!"action=initializeUpload".equals(exchange.getRequestURI().getRawQuery())
                    || !LinkedInOrganizationStub.mayActAs(
                            member,
                            body.path("initializeUploadRequest").path("owner").asText())) {
                LinkedInStub.error(exchange, 403, "ACCESS_DENIED", "Not enough permissions to access: images.CREATE");
                return;
            }
            Image image = new Image("urn:li:image:C4E10AQ" + LinkedInStub.IDS.incrementAndGet(), member);
            IMAGES.put(image.urn, image);
            ObjectNode answer = JSON.createObjectNode();
            answer.putObject("value")
                    .put("uploadUrlExpiresAt", Instant.now().plusSeconds(3600).toEpochMilli())
                    .put("uploadUrl", LinkedInStub.base + "/dms-uploads/" + image.uploadToken)
                    .put("image", image.urn);
            StubHttp.send(exchange, 200, "application/json", answer.toString());
            return;
        }
        String urn = URLDecoder.decode(
                exchange.getRequestURI().getRawPath().substring("/rest/images/".length()), StandardCharsets.UTF_8);
        Image image = IMAGES.get(urn);
        if (image == null || image.owner != member) {
            LinkedInStub.error(exchange, 404, "NOT_FOUND", "Not Found");
            return;
        }
        sendStatus(exchange, image.urn, image.read(), member);
    }

    /**
     * The Videos API (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api):
     * {@code initializeUpload} for the member with {@code fileSizeBytes} answers the video URN and one upload
     * instruction per part ({@code firstByte}, {@code lastByte}, {@code uploadUrl}); {@code finalizeUpload} needs the
     * ETags of every part, in order; {@code GET /rest/videos/{urn}} answers its status.
     */
    private static void videos(HttpExchange exchange) throws IOException {
        LinkedInStub.Member member = LinkedInStub.versioned(exchange);
        if (member == null) {
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        if ("POST".equals(exchange.getRequestMethod()) && "action=initializeUpload".equals(query)) {
            JsonNode init = JSON.readTree(exchange.getRequestBody()).path("initializeUploadRequest");
            if (!LinkedInOrganizationStub.mayActAs(member, init.path("owner").asText())) {
                LinkedInStub.error(exchange, 403, "ACCESS_DENIED", "Not enough permissions to access: videos.CREATE");
                return;
            }
            if (init.path("fileSizeBytes").asLong(0) <= 0) {
                LinkedInStub.error(
                        exchange, 400, "BAD_REQUEST", "/initializeUploadRequest/fileSizeBytes :: is required");
                return;
            }
            LinkedInStub.Video video =
                    new LinkedInStub.Video(member, init.path("fileSizeBytes").asLong());
            LinkedInStub.VIDEOS.put(video.urn, video);
            ObjectNode answer = JSON.createObjectNode();
            ObjectNode value = answer.putObject("value")
                    .put("uploadUrlsExpireAt", Instant.now().plusSeconds(3600).toEpochMilli())
                    .put("video", video.urn)
                    .put("uploadToken", "");
            var instructions = value.putArray("uploadInstructions");
            for (int i = 0; i < video.partCount(); i++) {
                instructions
                        .addObject()
                        .put("uploadUrl", LinkedInStub.base + "/dms-uploads/video/" + video.token + "/" + i)
                        .put("firstByte", i * video.partBytes)
                        .put("lastByte", Math.min(video.size, (i + 1) * video.partBytes) - 1);
            }
            StubHttp.send(exchange, 200, "application/json", answer.toString());
            return;
        }
        if ("POST".equals(exchange.getRequestMethod()) && "action=finalizeUpload".equals(query)) {
            JsonNode request = JSON.readTree(exchange.getRequestBody()).path("finalizeUploadRequest");
            LinkedInStub.Video video =
                    LinkedInStub.VIDEOS.get(request.path("video").asText());
            if (video == null || video.owner != member) {
                LinkedInStub.error(exchange, 404, "NOT_FOUND", "Not Found");
                return;
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < video.partCount(); i++) {
                expected.add(video.etags.get(i));
            }
            List<String> given = new ArrayList<>();
            request.path("uploadedPartIds").forEach(id -> given.add(id.asText()));
            if (!expected.equals(given)) {
                LinkedInStub.error(
                        exchange,
                        400,
                        "BAD_REQUEST",
                        "/finalizeUploadRequest/uploadedPartIds :: do not match the parts");
                return;
            }
            video.finalized = true;
            if (member.stallFinalizeAnswer) {
                member.stallFinalizeAnswer = false;
                try {
                    LinkedInStub.NEVER.await(60, TimeUnit.SECONDS); // finalized, the answer never leaves
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        String urn = URLDecoder.decode(
                exchange.getRequestURI().getRawPath().substring("/rest/videos/".length()), StandardCharsets.UTF_8);
        LinkedInStub.Video video = LinkedInStub.VIDEOS.get(urn);
        if (!"GET".equals(exchange.getRequestMethod()) || video == null || video.owner != member) {
            LinkedInStub.error(exchange, 404, "NOT_FOUND", "Not Found");
            return;
        }
        sendStatus(exchange, video.urn, video.status(), member);
    }

    /** An image's or video's status, as {@code GET /rest/images/{urn}} and {@code /rest/videos/{urn}} answer it. */
    private static void sendStatus(HttpExchange exchange, String urn, String status, LinkedInStub.Member member)
            throws IOException {
        StubHttp.send(
                exchange,
                200,
                "application/json",
                JSON.createObjectNode()
                        .put("id", urn)
                        .put("status", status)
                        .put("owner", "urn:li:person:" + member.sub)
                        .toString());
    }

    /** One part of a video, exactly its instruction's byte range; answers its ETag. */
    private static void videoPart(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/"); // "", dms-uploads, video, token, index
        LinkedInStub.Video video = path.length != 5
                ? null
                : LinkedInStub.VIDEOS.values().stream()
                        .filter(v -> v.token.equals(path[3]))
                        .findFirst()
                        .orElse(null);
        if (video == null || !"PUT".equals(exchange.getRequestMethod()) || video.finalized) {
            LinkedInStub.error(exchange, 400, "BAD_REQUEST", "Invalid upload");
            return;
        }
        int index = Integer.parseInt(path[4]);
        long expected = Math.min(video.size, (index + 1L) * video.partBytes) - index * video.partBytes;
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (bytes.length != expected) {
            LinkedInStub.error(exchange, 400, "BAD_REQUEST", "The part is " + bytes.length + " bytes, not " + expected);
            return;
        }
        video.puts.add(index);
        video.parts.put(index, bytes);
        String etag = "/ambry-video/signedId/" + Integer.toHexString(java.util.Arrays.hashCode(bytes));
        video.etags.put(index, etag);
        exchange.getResponseHeaders().add("ETag", etag);
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private static void upload(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().startsWith("/dms-uploads/video/")) {
            videoPart(exchange);
            return;
        }
        String token = exchange.getRequestURI().getPath().substring("/dms-uploads/".length());
        Image image = IMAGES.values().stream()
                .filter(i -> i.uploadToken.equals(token))
                .findFirst()
                .orElse(null);
        if (image == null
                || !"PUT".equals(exchange.getRequestMethod())
                || LinkedInStub.bearer(exchange) != image.owner) {
            LinkedInStub.error(exchange, 400, "BAD_REQUEST", "Invalid upload");
            return;
        }
        image.bytes = exchange.getRequestBody().readAllBytes();
        image.puts.incrementAndGet();
        exchange.sendResponseHeaders(201, -1);
        exchange.close();
    }

    /** Null when the post's images, if any, are the author's and available. */
    static String imageProblem(JsonNode content, LinkedInStub.Member member) {
        List<String> ids = new ArrayList<>();
        if (content.has("media")) {
            ids.add(content.path("media").path("id").asText());
        }
        if (content.has("multiImage")) {
            JsonNode images = content.path("multiImage").path("images");
            if (images.size() < 2 || images.size() > 20) {
                return "/content/multiImage/images :: must hold 2 to 20 images";
            }
            images.forEach(i -> ids.add(i.path("id").asText()));
        }
        for (String id : ids) {
            if (id.startsWith("urn:li:video:")) {
                LinkedInStub.Video video = LinkedInStub.VIDEOS.get(id);
                if (video == null
                        || video.owner != member
                        || !video.finalized
                        || video.polls <= member.videoProcessingPolls) {
                    return "/content :: video " + id + " is not an available video of the author";
                }
                continue;
            }
            Image image = IMAGES.get(id);
            if (image == null || image.owner != member || !"AVAILABLE".equals(image.status())) {
                return "/content :: image " + id + " is not an available image of the author";
            }
        }
        return null;
    }
}

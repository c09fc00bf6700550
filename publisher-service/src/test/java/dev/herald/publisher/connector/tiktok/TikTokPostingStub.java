package dev.herald.publisher.connector.tiktok;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.herald.publisher.connector.StubGrants;
import dev.herald.publisher.connector.StubHttp;

/**
 * The Content Posting side of {@link TikTokStub}: {@code creator_info/query}, {@code video/init} with the media
 * transfer guide's chunk rules, the chunk {@code PUT}s to {@code upload_url}, photo posts' {@code content/init}, and
 * {@code status/fetch}. The posts ({@link TikTokStub.Post}, which the system tests name) stay in TikTokStub.
 */
final class TikTokPostingStub {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    private TikTokPostingStub() {}

    /** The routes, with the stub's base URL for {@code upload_url} (known once its server listens). */
    static Map<String, HttpHandler> routes(Supplier<String> base) {
        return Map.of(
                "/v2/post/publish/creator_info/query/", TikTokPostingStub::creatorInfo,
                "/v2/post/publish/video/init/", exchange -> init(exchange, base.get()),
                "/v2/post/publish/content/init/", TikTokPostingStub::photoInit,
                "/v2/post/publish/status/fetch/", TikTokPostingStub::status,
                "/upload/", TikTokPostingStub::upload);
    }

    private static void creatorInfo(HttpExchange exchange) throws IOException {
        TikTokStub.Creator creator = TikTokStub.authorized(exchange);
        if (creator == null) {
            return;
        }
        ObjectNode answer = TikTokStub.ok();
        ObjectNode data = answer.putObject("data")
                .put("creator_avatar_url", "https://p16-sign.tiktokcdn-us.com/" + creator.openId)
                .put("creator_username", creator.username)
                .put("creator_nickname", creator.username + " (TikTok)")
                .put("comment_disabled", creator.commentDisabled)
                .put("duet_disabled", false)
                .put("stitch_disabled", false)
                .put("max_video_post_duration_sec", creator.maxDurationSec);
        creator.privacyOptions.forEach(data.putArray("privacy_level_options")::add);
        TikTokStub.send(exchange, 200, answer);
    }

    private static void init(HttpExchange exchange, String base) throws IOException {
        TikTokStub.Creator creator = TikTokStub.authorized(exchange);
        if (creator == null) {
            return;
        }
        long now = System.currentTimeMillis();
        creator.inits.removeIf(at -> at < now - 60_000);
        if (creator.inits.size() >= 6) {
            TikTokStub.apiError(exchange, 429, "rate_limit_exceeded", "API rate limit was exceeded.");
            return;
        }
        creator.inits.add(now);
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        JsonNode postInfo = body.path("post_info");
        JsonNode source = body.path("source_info");
        if (privacyRefused(exchange, creator, postInfo)) {
            return;
        }
        if (postInfo.path("title").asText("").length() > 2_200) {
            TikTokStub.apiError(exchange, 400, "invalid_params", "title is longer than 2200 characters.");
            return;
        }
        String problem = chunkProblem(source);
        if (problem != null) {
            TikTokStub.apiError(exchange, 400, "invalid_params", problem);
            return;
        }
        TikTokStub.Post post = new TikTokStub.Post(creator, postInfo, source);
        TikTokStub.POSTS.add(post);
        ObjectNode answer = TikTokStub.ok();
        answer.putObject("data")
                .put("publish_id", post.publishId)
                .put("upload_url", base + "/upload/?upload_id=" + post.uploadId);
        TikTokStub.send(exchange, 200, answer);
    }

    /**
     * A photo post (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post): {@code media_type}
     * {@code PHOTO}, {@code post_mode} {@code DIRECT_POST} or {@code MEDIA_UPLOAD}, {@code source_info.source}
     * {@code PULL_FROM_URL} (the only source for photos) with 1 to 35 {@code photo_images} and a
     * {@code photo_cover_index} among them, title at most 90 UTF-16 units, description at most 4,000. TikTok pulls the
     * photos (JPEG or WebP only); one it cannot pull fails the post with {@code photo_pull_failed}.
     */
    private static void photoInit(HttpExchange exchange) throws IOException {
        TikTokStub.Creator creator = TikTokStub.authorized(exchange);
        if (creator == null) {
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        JsonNode postInfo = body.path("post_info");
        JsonNode source = body.path("source_info");
        JsonNode images = source.path("photo_images");
        String problem = null;
        if (!"PHOTO".equals(body.path("media_type").asText())) {
            problem = "media_type must be PHOTO";
        } else if (!List.of("DIRECT_POST", "MEDIA_UPLOAD")
                .contains(body.path("post_mode").asText())) {
            problem = "post_mode must be DIRECT_POST or MEDIA_UPLOAD";
        } else if (!"PULL_FROM_URL".equals(source.path("source").asText())) {
            problem = "source_info.source must be PULL_FROM_URL for photos";
        } else if (!images.isArray() || images.isEmpty() || images.size() > 35) {
            problem = "photo_images holds 1 to 35 URLs";
        } else if (!source.path("photo_cover_index").canConvertToInt()
                || source.path("photo_cover_index").asInt() < 0
                || source.path("photo_cover_index").asInt() >= images.size()) {
            problem = "photo_cover_index must be the index of one of photo_images";
        } else if (postInfo.path("title").asText("").length() > 90) {
            problem = "title is longer than 90 characters";
        } else if (postInfo.path("description").asText("").length() > 4_000) {
            problem = "description is longer than 4000 characters";
        }
        if (problem != null) {
            TikTokStub.apiError(exchange, 400, "invalid_params", problem);
            return;
        }
        if (privacyRefused(exchange, creator, postInfo)) {
            return;
        }
        TikTokStub.Post post = new TikTokStub.Post(creator, postInfo, source);
        for (JsonNode url : images) {
            byte[] photo = StubHttp.fetch(url.asText()).map(HttpResponse::body).orElse(null);
            if (photo == null || !(isJpeg(photo) || isWebp(photo))) {
                post.failReason = "photo_pull_failed";
                break;
            }
            post.photos.add(photo);
        }
        post.complete = true;
        TikTokStub.POSTS.add(post);
        if (creator.stallPhotoInitAnswer) {
            creator.stallPhotoInitAnswer = false;
            StubGrants.stall(exchange); // the post is made, but the answer never leaves
            return;
        }
        ObjectNode answer = TikTokStub.ok();
        answer.putObject("data").put("publish_id", post.publishId);
        TikTokStub.send(exchange, 200, answer);
    }

    /** Answers 400 {@code privacy_level_option_mismatch} for a level {@code creator_info} does not offer. */
    private static boolean privacyRefused(HttpExchange exchange, TikTokStub.Creator creator, JsonNode postInfo)
            throws IOException {
        if (creator.privacyOptions.contains(postInfo.path("privacy_level").asText())) {
            return false;
        }
        TikTokStub.apiError(
                exchange,
                400,
                "privacy_level_option_mismatch",
                "privacy_level is not one of the creator's privacy_level_options.");
        return true;
    }

    private static boolean isJpeg(byte[] file) {
        return file.length > 3 && (file[0] & 0xFF) == 0xFF && (file[1] & 0xFF) == 0xD8 && (file[2] & 0xFF) == 0xFF;
    }

    private static boolean isWebp(byte[] file) {
        return file.length > 12
                && new String(file, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
                && new String(file, 8, 4, StandardCharsets.US_ASCII).equals("WEBP");
    }

    /** The media transfer guide's rules for {@code FILE_UPLOAD}. */
    static String chunkProblem(JsonNode source) {
        if (!"FILE_UPLOAD".equals(source.path("source").asText())) {
            return "source_info.source must be FILE_UPLOAD here";
        }
        long size = source.path("video_size").asLong(0);
        long chunk = source.path("chunk_size").asLong(0);
        long count = source.path("total_chunk_count").asLong(0);
        if (size <= 0 || chunk <= 0) {
            return "video_size and chunk_size are required";
        }
        if (size < 5 * TikTokStub.MB && chunk != size) {
            return "a video under 5 TikTokStub.MB is uploaded whole (chunk_size = video_size)";
        }
        if (size >= 5 * TikTokStub.MB && (chunk < 5 * TikTokStub.MB || chunk > 64 * TikTokStub.MB)) {
            return "chunk_size must be between 5 TikTokStub.MB and 64 TikTokStub.MB";
        }
        if (count != size / chunk || count < 1 || count > 1000) {
            return "total_chunk_count must be video_size / chunk_size rounded down (1 to 1000)";
        }
        return null;
    }

    private static void upload(HttpExchange exchange) throws IOException {
        Map<String, String> query = StubHttp.form(exchange.getRequestURI().getRawQuery());
        TikTokStub.Post post = TikTokStub.POSTS.stream()
                .filter(p -> p.uploadId.equals(query.get("upload_id")))
                .findFirst()
                .orElse(null);
        if (post == null || !"PUT".equals(exchange.getRequestMethod())) {
            TikTokStub.apiError(exchange, 404, "invalid_params", "Unknown upload_url.");
            return;
        }
        String range = exchange.getRequestHeaders().getFirst("Content-Range");
        post.contentRanges.add(range);
        long size = post.sourceInfo.path("video_size").asLong();
        long chunk = post.sourceInfo.path("chunk_size").asLong();
        long count = post.sourceInfo.path("total_chunk_count").asLong();
        Matcher matcher = RANGE.matcher(range == null ? "" : range);
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!matcher.matches()
                || post.complete
                || Long.parseLong(matcher.group(1)) != post.size()
                || Long.parseLong(matcher.group(3)) != size
                || !List.of("video/mp4", "video/quicktime", "video/webm").contains(type)) {
            TikTokStub.apiError(exchange, 400, "invalid_params", "Content-Range " + range + " is not the next chunk.");
            return;
        }
        long first = Long.parseLong(matcher.group(1));
        long last = Long.parseLong(matcher.group(2));
        boolean lastChunk = first / chunk == count - 1;
        if ((lastChunk && last != size - 1) || (!lastChunk && last - first + 1 != chunk)) {
            TikTokStub.apiError(exchange, 400, "invalid_params", "Chunk " + range + " does not follow chunk_size.");
            return;
        }
        long expected = last - first + 1;
        TikTokStub.Creator creator = post.creator;
        if (creator.cutAfter >= 0) {
            exchange.getRequestBody().readNBytes((int) Math.min(expected, creator.cutAfter));
            creator.cutAfter = -1;
            StubGrants.stall(exchange); // the connection is lost: a partial chunk is not kept
            return;
        }
        byte[] bytes = exchange.getRequestBody().readNBytes((int) expected);
        if (bytes.length != expected) {
            TikTokStub.apiError(exchange, 400, "invalid_params", "The chunk is shorter than its Content-Range.");
            return;
        }
        post.received.add(bytes);
        if (post.size() == size) {
            post.complete = true;
            if (creator.stallFinalAnswer) {
                creator.stallFinalAnswer = false;
                StubGrants.stall(exchange); // taken, but the answer never leaves
                return;
            }
            exchange.sendResponseHeaders(201, -1);
        } else {
            exchange.sendResponseHeaders(206, -1);
        }
        exchange.close();
    }

    private static void status(HttpExchange exchange) throws IOException {
        TikTokStub.Creator creator = TikTokStub.authorized(exchange);
        if (creator == null) {
            return;
        }
        String publishId =
                JSON.readTree(exchange.getRequestBody()).path("publish_id").asText();
        TikTokStub.Post post = TikTokStub.POSTS.stream()
                .filter(p -> p.publishId.equals(publishId) && p.creator == creator)
                .findFirst()
                .orElse(null);
        if (post == null) {
            TikTokStub.apiError(exchange, 400, "invalid_publish_id", "publish_id does not exist.");
            return;
        }
        ObjectNode answer = TikTokStub.ok();
        ObjectNode data = answer.putObject("data").put("uploaded_bytes", post.size());
        if (!post.complete || post.polls.getAndIncrement() < creator.processingPolls) {
            data.put("status", "PROCESSING_UPLOAD");
        } else if (creator.failWith != null || post.failReason != null) {
            data.put("status", "FAILED")
                    .put("fail_reason", post.failReason != null ? post.failReason : creator.failWith);
        } else {
            data.put("status", "PUBLISH_COMPLETE");
            var ids = data.putArray("publicaly_available_post_id");
            if ("PUBLIC_TO_EVERYONE".equals(post.postInfo.path("privacy_level").asText())) {
                synchronized (post) {
                    if (post.postId == null) {
                        post.postId = Long.toString(TikTokStub.COUNTER.incrementAndGet());
                    }
                }
                ids.add(Long.parseLong(post.postId));
            }
        }
        TikTokStub.send(exchange, 200, answer);
    }
}

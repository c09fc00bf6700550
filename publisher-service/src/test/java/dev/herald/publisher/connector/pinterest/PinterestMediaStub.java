package dev.herald.publisher.connector.pinterest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.herald.publisher.connector.StubHttp;

/**
 * The video upload side of {@link PinterestStub}: a video is registered ({@code POST /v5/media}), its file sent to S3
 * with the upload parameters Pinterest handed out, and its status read until processed; a video Pin must name such an
 * upload. The uploads themselves ({@link PinterestStub.Media}, which the system tests name) stay in PinterestStub.
 */
final class PinterestMediaStub {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PinterestMediaStub() {}

    /** The routes, with the S3 upload URL Pinterest hands out (known once the stub's server listens). */
    static Map<String, HttpHandler> routes(Supplier<String> uploadUrl) {
        return Map.of(
                "/v5/media", exchange -> media(exchange, uploadUrl.get()), "/s3-upload/", PinterestMediaStub::s3Upload);
    }

    /**
     * {@code POST /v5/media {"media_type":"video"}} registers an upload (201 {@code MediaUpload}: {@code media_id},
     * {@code media_type}, {@code upload_url}, {@code upload_parameters}); {@code GET /v5/media/{media_id}} answers
     * {@code Media} with its status: {@code registered} until the file arrives, then {@code processing} and
     * {@code succeeded} or {@code failed}. Another user's media is 404.
     */
    private static void media(HttpExchange exchange, String uploadUrl) throws IOException {
        PinterestStub.User user = PinterestStub.bearer(exchange);
        if (user == null) {
            PinterestStub.error(exchange, 401, 2, "Authentication failed.");
            return;
        }
        String[] path = exchange.getRequestURI().getPath().split("/"); // "", v5, media[, id]
        if ("POST".equals(exchange.getRequestMethod()) && path.length == 3) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            if (!"video".equals(body.path("media_type").asText())) {
                PinterestStub.error(exchange, 400, 1, "Invalid request body: media_type must be video");
                return;
            }
            PinterestStub.Media media = new PinterestStub.Media(user);
            PinterestStub.MEDIA.add(media);
            ObjectNode answer = JSON.createObjectNode()
                    .put("media_id", media.id)
                    .put("media_type", "video")
                    .put("upload_url", uploadUrl);
            ObjectNode parameters = answer.putObject("upload_parameters");
            media.parameters.forEach(parameters::put);
            PinterestStub.send(exchange, 201, answer);
            return;
        }
        PinterestStub.Media media = path.length == 4
                ? PinterestStub.MEDIA.stream()
                        .filter(m -> m.id.equals(path[3]) && m.owner == user)
                        .findFirst()
                        .orElse(null)
                : null;
        if (!"GET".equals(exchange.getRequestMethod()) || media == null) {
            PinterestStub.error(exchange, 404, 4, "Media upload not found.");
            return;
        }
        PinterestStub.send(
                exchange,
                200,
                JSON.createObjectNode()
                        .put("media_id", media.id)
                        .put("media_type", "video")
                        .put("status", media.status()));
    }

    /**
     * S3's POST upload as Pinterest hands it out: {@code multipart/form-data} with every upload parameter as a field,
     * exactly as given, and the file last as {@code file}; 204 when stored, 403 with S3's XML error otherwise.
     */
    private static void s3Upload(HttpExchange exchange) throws IOException {
        Map<String, StubHttp.Part> form = StubHttp.multipart(exchange);
        StubHttp.Part key = form.get("key");
        PinterestStub.Media media = key == null
                ? null
                : PinterestStub.MEDIA.stream()
                        .filter(m -> m.parameters.get("key").equals(key.text()))
                        .findFirst()
                        .orElse(null);
        List<String> names = List.copyOf(form.keySet());
        if (media == null
                || !"POST".equals(exchange.getRequestMethod())
                || names.isEmpty()
                || !"file".equals(names.get(names.size() - 1))
                || media.parameters.entrySet().stream()
                        .anyMatch(p -> form.get(p.getKey()) == null
                                || !p.getValue().equals(form.get(p.getKey()).text()))) {
            StubHttp.send(
                    exchange,
                    403,
                    "application/xml",
                    "<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed"
                            + "</Message></Error>");
            return;
        }
        media.uploads.add(names);
        media.bytes = form.get("file").content();
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    /** A {@code video_id} media source: the user's processed upload and a cover (URL or key frame time). */
    static String videoProblem(JsonNode source, PinterestStub.User user) {
        PinterestStub.Media media = PinterestStub.MEDIA.stream()
                .filter(m -> m.id.equals(source.path("media_id").asText()) && m.owner == user)
                .findFirst()
                .orElse(null);
        if (media == null || media.bytes == null || media.polls <= media.owner.processingPolls) {
            return "Invalid request body: media_id is not a processed video upload";
        }
        if (!source.hasNonNull("cover_image_url")
                && !source.path("cover_image_key_frame_time").canConvertToInt()) {
            return "Invalid request body: a video Pin needs cover_image_url or cover_image_key_frame_time";
        }
        return null;
    }
}

package dev.herald.cli.media;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.cli.CliFailure;
import dev.herald.cli.ExitCodes;
import dev.herald.cli.api.HeraldApi;

/** Uploads local files through {@code POST /v1/media} (multipart, streamed from disk) and waits for processing. */
public final class MediaUploader {

    private static final Map<String, String> TYPES = Map.of(
            "jpg", "image/jpeg",
            "jpeg", "image/jpeg",
            "png", "image/png",
            "gif", "image/gif",
            "webp", "image/webp",
            "mp4", "video/mp4",
            "mov", "video/quicktime");
    private static final Duration POLL = Duration.ofMillis(500);

    private final HeraldApi api;
    private final PrintWriter err;
    private final boolean progress;

    public MediaUploader(HeraldApi api, PrintWriter err, boolean progress) {
        this.api = api;
        this.err = err;
        this.progress = progress;
    }

    /** A readable regular file, or a usage error naming it: checked before anything is sent. */
    public static Path readable(String name) {
        Path file = Path.of(name);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CliFailure("file_not_found", "cannot read the file " + name, ExitCodes.USAGE);
        }
        return file;
    }

    /**
     * Uploads one file; with an idempotency key a repeated upload of the same file returns the first media item
     * (media-service fingerprints name, type, size and alt text), so a retried command uploads nothing twice.
     */
    public JsonNode upload(Path file, String altText, String idempotencyKey) {
        String boundary = "herald-" + UUID.randomUUID();
        String filename = file.getFileName().toString();
        StringBuilder head = new StringBuilder()
                .append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(quoted(filename))
                .append("\"\r\nContent-Type: ")
                .append(contentType(filename))
                .append("\r\n\r\n");
        StringBuilder tail = new StringBuilder("\r\n");
        if (altText != null) {
            tail.append("--")
                    .append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"alt_text\"\r\n\r\n")
                    .append(altText)
                    .append("\r\n");
        }
        tail.append("--").append(boundary).append("--\r\n");
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8),
                    HttpRequest.BodyPublishers.ofFile(file),
                    HttpRequest.BodyPublishers.ofString(tail.toString(), StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            throw new CliFailure("file_not_found", "cannot read the file " + file, ExitCodes.USAGE);
        }
        ProgressBar bar = progress ? new ProgressBar(err, filename, body.contentLength()) : null;
        HttpRequest.Builder request = api.request("/v1/media")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(bar == null ? body : new CountingBodyPublisher(body, bar::advance));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            return api.send(request);
        } finally {
            if (bar != null) {
                bar.finish();
            }
        }
    }

    /** Polls {@code GET /v1/media/{id}} until {@code ready}; {@code failed} or the deadline is an error. */
    public JsonNode awaitReady(String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode item = api.get("/v1/media/" + HeraldApi.segment(id));
            String status = item.path("status").asText();
            if ("ready".equals(status)) {
                return item;
            }
            if ("failed".equals(status)) {
                throw new CliFailure(
                        "media_failed",
                        "media " + id + " failed processing: "
                                + item.path("error").path("code").asText() + ": "
                                + item.path("error").path("message").asText(),
                        ExitCodes.API_ERROR);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new CliFailure(
                        "media_not_ready",
                        "media " + id + " is still " + status + " after " + timeout.toSeconds() + " s",
                        ExitCodes.API_ERROR);
            }
            pause(POLL);
        }
    }

    static String contentType(String filename) {
        int dot = filename.lastIndexOf('.');
        String extension = dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
        // The service reads the real type from the bytes; the declared one only picks the size cap.
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static String quoted(String filename) {
        return filename.replace("\\", "\\\\")
                .replace("\"", "\\\"")
                .replace("\r", "")
                .replace("\n", "");
    }

    /** Waits between polls of the API (a command line tool, not a test: there is nothing to wake it earlier). */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted", "interrupted", ExitCodes.NETWORK);
        }
    }
}

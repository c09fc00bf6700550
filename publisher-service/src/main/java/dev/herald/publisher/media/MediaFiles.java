package dev.herald.publisher.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.kit.security.ServiceTokens;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.PublishOutcome;

/**
 * A post's files, from media-service's {@code /internal} API with this service's token for the post's workspace:
 * what each file is, its bytes (streamed), or a signed public URL for platforms that pull media themselves.
 */
@ApplicationScoped
public class MediaFiles {

    static final String MEDIA_SERVICE = "media-service";

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ServiceTokens tokens;
    private final String baseUrl;
    private final long maxInMemory;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public MediaFiles(ServiceTokens tokens, PublisherConfig config) {
        this.tokens = tokens;
        this.baseUrl = config.media().serviceUrl().replaceAll("/+$", "");
        this.maxInMemory = config.media().maxInMemory().asLongValue();
    }

    /** The files, in the post's order, each ready (a file that is not is refused with {@link Unavailable}). */
    public List<MediaFile> describe(String workspaceId, List<String> mediaIds) {
        return mediaIds.stream().map(id -> describe(workspaceId, id)).toList();
    }

    public MediaFile describe(String workspaceId, String mediaId) {
        JsonNode media = json(send(request(workspaceId, mediaId, "").GET(), HttpResponse.BodyHandlers.ofString()));
        if (!"ready".equals(media.path("status").asText())) {
            throw new Unavailable(
                    "media_not_ready",
                    "Media " + mediaId + " is " + media.path("status").asText() + ", not ready.",
                    false);
        }
        return new MediaFile(
                mediaId,
                media.path("kind").asText(),
                media.path("mime_type").asText(),
                media.path("size_bytes").asLong(),
                media.hasNonNull("width") ? media.get("width").asInt() : null,
                media.hasNonNull("height") ? media.get("height").asInt() : null,
                media.hasNonNull("duration_ms") ? media.get("duration_ms").asLong() : null,
                media.hasNonNull("alt_text") ? media.get("alt_text").asText() : null);
    }

    /** The whole file in memory: for images and other files up to {@code max-in-memory}. */
    public byte[] bytes(String workspaceId, MediaFile file) {
        if (file.sizeBytes() > maxInMemory) {
            throw new IllegalArgumentException(file.id() + " is too large to hold in memory; stream it");
        }
        try (InputStream in = open(workspaceId, file.id())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new Unavailable(
                    "media_unavailable", "Reading media " + file.id() + " failed: " + e.getMessage(), true);
        }
    }

    /** The file's bytes as a stream; the caller closes it. */
    public InputStream open(String workspaceId, String mediaId) {
        HttpResponse<InputStream> response =
                send(request(workspaceId, mediaId, "/content").GET(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                throw refusal(mediaId, response.statusCode(), new String(body.readAllBytes()));
            } catch (IOException e) {
                throw refusal(mediaId, response.statusCode(), "");
            }
        }
        return response.body();
    }

    /** A signed, expiring public URL for exactly this file, for platforms that fetch media themselves. */
    public URI publicUrl(String workspaceId, String mediaId) {
        JsonNode url = json(send(
                request(workspaceId, mediaId, "/public-url").POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofString()));
        return URI.create(url.path("url").asText());
    }

    private HttpRequest.Builder request(String workspaceId, String mediaId, String suffix) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/internal/media/" + mediaId + suffix))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", tokens.bearer(MEDIA_SERVICE, workspaceId));
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request.build(), handler);
        } catch (ConnectException | HttpTimeoutException e) {
            throw new Unavailable("media_unavailable", "media-service could not be reached: " + e, true);
        } catch (IOException e) {
            throw new Unavailable("media_unavailable", "Reading from media-service failed: " + e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("media_unavailable", "Interrupted while reading from media-service", true);
        }
    }

    private JsonNode json(HttpResponse<String> response) {
        String mediaId = response.uri().getPath().replaceAll(".*/internal/media/([^/]+).*", "$1");
        if (response.statusCode() != 200) {
            throw refusal(mediaId, response.statusCode(), response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Unavailable("media_unavailable", "media-service answered no JSON for " + mediaId, true);
        }
    }

    private static Unavailable refusal(String mediaId, int status, String body) {
        if (status == 404) {
            // Deleted since the post was checked, or not this workspace's: retrying will not bring it back.
            return new Unavailable("media_not_found", "Media " + mediaId + " no longer exists.", false);
        }
        return new Unavailable(
                "media_unavailable",
                "media-service answered " + status + " for " + mediaId + ": "
                        + body.substring(0, Math.min(body.length(), 200)),
                status >= 500 || status == 429);
    }

    /** A file that cannot be had now ({@code retryable}) or at all. */
    public static final class Unavailable extends RuntimeException {

        private final String code;
        private final boolean retryable;

        public Unavailable(String code, String message, boolean retryable) {
            super(message);
            this.code = code;
            this.retryable = retryable;
        }

        public String code() {
            return code;
        }

        public boolean retryable() {
            return retryable;
        }

        /** How the publish attempt ends: retried later when media-service is away, failed when the file is gone. */
        public PublishOutcome outcome() {
            return retryable
                    ? PublishOutcome.retryable(code, getMessage(), null)
                    : PublishOutcome.failed(code, getMessage());
        }
    }
}

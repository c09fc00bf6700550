package dev.herald.post.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.idempotency.IdempotentRequests;
import dev.herald.kit.security.ServiceTokens;
import dev.herald.post.MediaView;
import dev.herald.post.config.PostConfig;
import dev.herald.post.repository.MediaViewRepository;
import dev.herald.post.rest.CreatePostRequest;

/**
 * A post's {@code media: [{url}]}: each file imported through media-service's internal import (SSRF-guarded there),
 * with a service token for the workspace and an Idempotency-Key derived from the post's, so that a retried create
 * imports each file once; then waited for until processed, outside any transaction. Bad addresses and files that
 * cannot be fetched or processed are the caller's 400, field {@code media[i].url}.
 */
@ApplicationScoped
public class MediaImports {

    private static final String MEDIA_SERVICE = "media-service";
    private static final Duration POLL = Duration.ofMillis(200);

    private final ServiceTokens tokens;
    private final MediaViewRepository views;
    private final ObjectMapper json;
    private final PostConfig config;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public MediaImports(ServiceTokens tokens, MediaViewRepository views, ObjectMapper json, PostConfig config) {
        this.tokens = tokens;
        this.views = views;
        this.json = json;
        this.config = config;
    }

    /** What is wrong with the entries before anything is fetched: missing or non-http(s) URLs, too many. */
    public static List<ApiError.Detail> problems(List<CreatePostRequest.MediaUrl> media, int max) {
        List<ApiError.Detail> problems = new ArrayList<>();
        if (media == null) {
            return problems;
        }
        if (media.size() > max) {
            problems.add(new ApiError.Detail("media", "too_many", "At most " + max + " files to import."));
        }
        for (int i = 0; i < media.size(); i++) {
            CreatePostRequest.MediaUrl entry = media.get(i);
            if (entry == null || entry.url() == null || !PostValidator.isHttpUrl(entry.url())) {
                problems.add(
                        new ApiError.Detail("media[" + i + "].url", "invalid_url", "Use an absolute http(s) URL."));
            }
        }
        return problems;
    }

    /** The request with its {@code media} imported and processed, their ids following {@code media_ids}. */
    public CreatePostRequest resolve(
            String workspaceId, String mode, String idempotencyKey, CreatePostRequest request) {
        List<CreatePostRequest.MediaUrl> media = request.media();
        if (media == null || media.isEmpty()) {
            return request;
        }
        List<ApiError.Detail> problems = problems(media, config.media().maxImports());
        if (!problems.isEmpty()) {
            throw ApiException.invalid("The post is not valid; see details.", problems);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < media.size(); i++) {
            String key = idempotencyKey == null ? null : idempotencyKey + "#media" + i;
            ids.add(importOne(workspaceId, mode, key, media.get(i), i, problems));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid("Some media could not be imported; see details.", problems);
        }
        awaitProcessed(workspaceId, ids);
        return request.withImported(ids);
    }

    private String importOne(
            String workspaceId,
            String mode,
            String idempotencyKey,
            CreatePostRequest.MediaUrl media,
            int index,
            List<ApiError.Detail> problems) {
        Map<String, String> body = new HashMap<>();
        body.put("url", media.url());
        body.put("mode", mode);
        if (media.altText() != null) {
            body.put("alt_text", media.altText());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(config.media().serviceUrl().replaceAll("/+$", "") + "/internal/media/import"))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", tokens.bearer(MEDIA_SERVICE, workspaceId))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)));
        if (idempotencyKey != null) {
            request.header(IdempotentRequests.HEADER, idempotencyKey);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
        JsonNode answer = read(response.body());
        int status = response.statusCode();
        if (status == 201 || status == 200) {
            return answer.path("id").asText();
        }
        JsonNode error = answer.path("error");
        if (status == 409) {
            throw new ApiException(
                    409,
                    error.path("code").asText("idempotency_request_in_progress"),
                    error.path("message").asText("The same request is still running."));
        }
        if (status >= 400 && status < 500) {
            // The address is refused or the file could not be fetched: the caller's to fix, in its own words.
            problems.add(new ApiError.Detail(
                    "media[" + index + "].url",
                    error.path("code").asText("import_failed"),
                    error.path("message").asText("The file could not be imported.")));
            return null;
        }
        throw unavailable("media-service answered " + status);
    }

    /** Waits until every file is processed; a failed one is the caller's 400, a slow one a 409 with the ids. */
    private void awaitProcessed(String workspaceId, List<String> ids) {
        Instant deadline = Instant.now().plus(config.media().importWait());
        while (true) {
            List<MediaView> known = QuarkusTransaction.requiringNew()
                    .call(() -> ids.stream()
                            .map(views::findById)
                            .filter(view -> view != null && view.workspaceId().equals(workspaceId))
                            .toList());
            List<ApiError.Detail> failed = new ArrayList<>();
            for (MediaView view : known) {
                if (!view.isReady()) {
                    int index = ids.indexOf(view.id());
                    failed.add(new ApiError.Detail(
                            "media[" + index + "].url",
                            "media_failed",
                            "Imported as " + view.id() + ", but processing refused it (GET /v1/media/" + view.id()
                                    + " says why)."));
                }
            }
            if (!failed.isEmpty()) {
                throw ApiException.invalid("Some media could not be processed; see details.", failed);
            }
            if (known.size() == ids.size()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ApiException(
                        409,
                        "media_not_ready",
                        "The files were imported as " + String.join(", ", ids) + " but are still being processed;"
                                + " send the post again with them as media_ids once they are ready.");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("interrupted");
            }
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static ApiException unavailable(String why) {
        return new ApiException(503, "media_service_unavailable", "Media could not be imported now (" + why + ").");
    }
}

package dev.herald.post;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import dev.herald.events.PublishRequest;

/**
 * What a post carries besides its caption: a link, media, a first comment, follow-up thread parts, and per-account
 * overrides of caption and media. Stored as JSON with the post.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PostContent(
        String link, List<String> mediaIds, String firstComment, List<String> thread, Map<String, Override> overrides) {

    public static final PostContent EMPTY = new PostContent(null, List.of(), null, List.of(), Map.of());

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public PostContent {
        mediaIds = mediaIds == null ? List.of() : List.copyOf(mediaIds);
        thread = thread == null ? List.of() : List.copyOf(thread);
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** What one account gets instead of the post's caption or media. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Override(String caption, List<String> mediaIds) {}

    public String captionFor(String accountId, String caption) {
        Override override = overrides.get(accountId);
        return override != null && override.caption() != null ? override.caption() : caption;
    }

    public List<String> mediaFor(String accountId) {
        Override override = overrides.get(accountId);
        return override != null && override.mediaIds() != null ? override.mediaIds() : mediaIds;
    }

    /** Every media the post uses, its own and its overrides', each once. */
    public List<String> allMediaIds() {
        LinkedHashSet<String> all = new LinkedHashSet<>(mediaIds);
        overrides.values().stream()
                .filter(override -> override.mediaIds() != null)
                .forEach(override -> all.addAll(override.mediaIds()));
        return List.copyOf(all);
    }

    public PublishRequest.Content forAccount(String accountId) {
        return new PublishRequest.Content(link, mediaFor(accountId), firstComment, thread);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PostContent fromJson(String json) {
        if (json == null) {
            return EMPTY;
        }
        try {
            return JSON.readValue(json, PostContent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.herald.publisher.connector.youtube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.events.PublishRequest;
import dev.herald.publisher.connector.ConnectorTests;

/** The video resource Herald sends with {@code videos.insert} (https://developers.google.com/youtube/v3/docs/videos). */
class YouTubeVideoResourceTest {

    @Test
    void shouldTitleTheVideoWithTheCaptionsFirstLineWhenNoTitleIsGiven() {
        JsonNode video = YouTubeConnector.resource(request("Sunset timelapse\nShot on the pier.", Map.of()));

        assertEquals("Sunset timelapse", video.at("/snippet/title").asText());
        assertEquals(
                "Sunset timelapse\nShot on the pier.",
                video.at("/snippet/description").asText());
        assertEquals("public", video.at("/status/privacyStatus").asText());
        assertFalse(video.at("/status/selfDeclaredMadeForKids").asBoolean());
        assertEquals("22", video.at("/snippet/categoryId").asText());
    }

    @Test
    void shouldCutTheDefaultTitleAtAHundredCharactersWithoutSplittingAnEmoji() {
        String caption = "a".repeat(99) + "🎬🎬 and more";

        String title = YouTubeConnector.title(request(caption, Map.of()));

        assertEquals("a".repeat(99) + "🎬", title);
    }

    @Test
    void shouldSendTheOptionsAsYouTubesFieldsWhenGiven() {
        JsonNode video = YouTubeConnector.resource(request(
                "Caption",
                Map.of(
                        "title", "My title",
                        "privacy", "unlisted",
                        "tags", "herald, video ,,launch",
                        "made_for_kids", "true",
                        "category", "28")));

        assertEquals("My title", video.at("/snippet/title").asText());
        assertEquals("unlisted", video.at("/status/privacyStatus").asText());
        assertEquals(
                "[\"herald\",\"video\",\"launch\"]", video.at("/snippet/tags").toString());
        assertEquals(true, video.at("/status/selfDeclaredMadeForKids").asBoolean());
        assertEquals("28", video.at("/snippet/categoryId").asText());
    }

    @Test
    void shouldSendAPrivateVideoWithPublishAtWhenTheScheduledTimeIsAhead() {
        Instant at = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        String inParis = at.atOffset(ZoneOffset.ofHours(1)).toString();

        JsonNode video = YouTubeConnector.resource(request("Premiere", Map.of("publish_at", inParis)));

        assertEquals("private", video.at("/status/privacyStatus").asText());
        assertEquals(at.toString(), video.at("/status/publishAt").asText(), "in UTC, as YouTube writes it");
    }

    @Test
    void shouldUploadWithoutPublishAtWhenTheScheduledTimeHasPassedByTheTimeThePostGoesOut() {
        Instant at = Instant.parse("2025-11-26T10:00:00Z");
        PublishRequest request = request("Late", Map.of("publish_at", at.toString()));

        assertEquals(Optional.empty(), YouTubeConnector.publishAt(request, at.plusSeconds(1)));
        assertEquals(Optional.of(at), YouTubeConnector.publishAt(request, at.minusSeconds(1)));
        JsonNode video = YouTubeConnector.resource(request);
        assertEquals("public", video.at("/status/privacyStatus").asText());
        assertTrue(video.at("/status/publishAt").isMissingNode());
    }

    private static PublishRequest request(String caption, Map<String, String> options) {
        return ConnectorTests.liveRequest("ws_1", "acct_1", "youtube", caption, options, PublishRequest.Content.NONE);
    }
}

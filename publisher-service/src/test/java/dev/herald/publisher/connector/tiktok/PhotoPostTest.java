package dev.herald.publisher.connector.tiktok;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.events.PublishRequest;
import dev.herald.publisher.connector.ConnectorTests;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.media.MediaFile;

/** The rules and {@code post_info} of a TikTok photo post (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post). */
class PhotoPostTest {

    private static final MediaFile JPEG = photo("med_1", "image/jpeg");
    private static final MediaFile WEBP = photo("med_2", "image/webp");

    @Test
    void shouldAcceptJpegAndWebpPhotosWithACoverAmongThem() {
        assertNull(PhotoPost.refusal(request("Two", Map.of("photo_cover_index", "1")), List.of(JPEG, WEBP)));
    }

    @Test
    void shouldRefuseAPngBecauseTikTokTakesOnlyJpegAndWebp() {
        PublishOutcome refused =
                PhotoPost.refusal(request("Png", Map.of()), List.of(JPEG, photo("med_3", "image/png")));

        assertEquals("media_unsupported", refused.errorCode());
        assertTrue(refused.errorMessage().contains("med_3"), refused.errorMessage());
    }

    @Test
    void shouldRefuseMoreThanThirtyFivePhotos() {
        PublishOutcome refused = PhotoPost.refusal(request("Many", Map.of()), Collections.nCopies(36, JPEG));

        assertEquals("media_invalid", refused.errorCode());
    }

    @Test
    void shouldRefuseACoverIndexOutsideThePhotosOrNotANumber() {
        assertEquals(
                "content_rejected",
                PhotoPost.refusal(request("Cover", Map.of("photo_cover_index", "2")), List.of(JPEG, WEBP))
                        .errorCode());
        assertEquals(
                "content_rejected",
                PhotoPost.refusal(request("Cover", Map.of("photo_cover_index", "first")), List.of(JPEG))
                        .errorCode());
    }

    @Test
    void shouldRefuseATitleOverNinetyCharacters() {
        PublishOutcome refused = PhotoPost.refusal(request("Long", Map.of("title", "t".repeat(91))), List.of(JPEG));

        assertEquals("content_rejected", refused.errorCode());
        assertNull(PhotoPost.refusal(request("Ok", Map.of("title", "t".repeat(90))), List.of(JPEG)));
    }

    @Test
    void shouldDescribeThePostWithTheCaptionAndKeepCommentsOffWhenTheCreatorTurnedThemOff() {
        JsonNode creator = PlatformHttp.object().put("comment_disabled", true);

        JsonNode info = PhotoPost.postInfo(
                request("Beach day #summer", Map.of("title", "Beach", "auto_add_music", "true")), creator, "SELF_ONLY");

        assertEquals("Beach", info.path("title").asText());
        assertEquals("Beach day #summer", info.path("description").asText());
        assertEquals("SELF_ONLY", info.path("privacy_level").asText());
        assertTrue(info.path("disable_comment").asBoolean());
        assertTrue(info.path("auto_add_music").asBoolean());
    }

    @Test
    void shouldSendNoTitleWhenNoneIsGiven() {
        JsonNode info = PhotoPost.postInfo(request("Caption only", Map.of()), PlatformHttp.object(), "SELF_ONLY");

        assertTrue(info.path("title").isMissingNode());
        assertFalse(info.path("disable_comment").asBoolean());
    }

    @Test
    void shouldTellAPhotoCheckpointFromAVideoUploadAndTheInitMarker() {
        assertEquals(Optional.of(new PhotoPost("p_pub_url~v2.1")), PhotoPost.parse("photo p_pub_url~v2.1"));
        assertEquals(Optional.empty(), PhotoPost.parse(PhotoPost.INIT_SENT));
        assertEquals(Optional.empty(), TikTokUpload.parse("photo p_pub_url~v2.1"));
    }

    private static MediaFile photo(String id, String type) {
        return new MediaFile(id, "image", type, 200_000, 1080, 1350, null, null);
    }

    private static PublishRequest request(String caption, Map<String, String> options) {
        return ConnectorTests.liveRequest(
                "ws_1",
                "acct_1",
                "tiktok",
                caption,
                options,
                new PublishRequest.Content(null, List.of("med_1"), null, List.of()));
    }
}

package dev.herald.publisher.connector.tiktok;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The chunk plan against TikTok's media transfer rules, as {@link TikTokStub#chunkProblem} checks them
 * (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide).
 */
class TikTokUploadTest {

    private static final long MB = 1_000_000;

    @Test
    void shouldSendASmallVideoWholeAsOneChunk() {
        TikTokUpload upload = plan(384_283);

        assertEquals(1, upload.chunkCount());
        assertEquals(0, upload.firstByte(0));
        assertEquals(384_282, upload.lastByte(0));
        assertNull(TikTokPostingStub.chunkProblem(sourceInfo(upload)));
    }

    @Test
    void shouldCutALargeVideoIntoTenMegabyteChunksWithTheRestInTheLast() {
        TikTokUpload upload = plan(135 * MB + 7);

        assertEquals(13, upload.chunkCount());
        assertEquals(10 * MB, upload.firstByte(1));
        assertEquals(120 * MB, upload.firstByte(12));
        assertEquals(135 * MB + 6, upload.lastByte(12), "the last chunk takes the trailing bytes");
        assertNull(TikTokPostingStub.chunkProblem(sourceInfo(upload)));
    }

    @Test
    void shouldSendUpToSixtyFourMegabytesWhole() {
        assertEquals(1, plan(64 * MB).chunkCount());
        assertEquals(6, plan(64 * MB + 1).chunkCount());
        assertNull(TikTokPostingStub.chunkProblem(sourceInfo(plan(64 * MB))));
        assertNull(TikTokPostingStub.chunkProblem(sourceInfo(plan(64 * MB + 1))));
    }

    @Test
    void shouldResumeFromTheFirstChunkTikTokDoesNotHold() {
        TikTokUpload upload = plan(135 * MB + 7);

        assertEquals(0, upload.nextChunk(0));
        assertEquals(2, upload.nextChunk(20 * MB));
        assertEquals(13, upload.nextChunk(135 * MB + 7), "all there: nothing left to send");
    }

    @Test
    void shouldReadBackTheCheckpointItWrote() {
        TikTokUpload upload = plan(35 * MB);

        assertEquals(upload, TikTokUpload.parse(upload.toString()).orElseThrow());
    }

    private static TikTokUpload plan(long size) {
        return new TikTokUpload(
                "v_pub_file~v2-1.1",
                URI.create("https://open-upload.tiktokapis.com/video/?upload_id=1&upload_token=x"),
                size,
                TikTokUpload.chunkSizeFor(size),
                "video/mp4");
    }

    private static ObjectNode sourceInfo(TikTokUpload upload) {
        return new ObjectMapper()
                .createObjectNode()
                .put("source", "FILE_UPLOAD")
                .put("video_size", upload.size())
                .put("chunk_size", upload.chunkSize())
                .put("total_chunk_count", upload.chunkCount());
    }
}

package dev.herald.publisher.connector.youtube;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.media.MediaFiles;

/**
 * A byte range of a post's file {@code PUT} to a platform's upload URL, streamed from media-service without holding
 * the file: YouTube's resumable session and TikTok's chunks. The answer of such a {@code PUT} comes only once every
 * byte is in, so its timeout is the platform timeout plus a second per MiB sent.
 */
public final class StreamedPut {

    private static final Duration PER_MIB = Duration.ofSeconds(1);

    private final MediaFiles media;
    private final Duration timeout;

    public StreamedPut(MediaFiles media, Duration timeout) {
        this.media = media;
        this.timeout = timeout;
    }

    /**
     * The platform's answer, or the outcome when the bytes could not be sent (media-service away, the platform
     * unreachable). A timeout or a reset after sending throws {@code UnknownOutcomeException}: the bytes may have
     * arrived, and the platform must be asked.
     */
    public record Result(PlatformHttp.Answer answer, PublishOutcome failure) {}

    /** Sends bytes {@code first} to {@code first + length - 1} of the file. */
    public Result put(
            String workspaceId,
            String mediaId,
            URI uri,
            Map<String, String> headers,
            String mimeType,
            long first,
            long length) {
        PlatformHttp http = new PlatformHttp(timeout.plus(PER_MIB.multipliedBy(1 + (length >> 20))));
        try (InputStream file = media.open(workspaceId, mediaId)) {
            file.skipNBytes(first);
            InputStream range = new Limited(file, length);
            return new Result(
                    http.put(
                            uri,
                            headers,
                            mimeType,
                            HttpRequest.BodyPublishers.fromPublisher(
                                    HttpRequest.BodyPublishers.ofInputStream(() -> range), length)),
                    null);
        } catch (MediaFiles.Unavailable e) {
            return new Result(null, e.outcome());
        } catch (IOException e) {
            return new Result(
                    null, PublishOutcome.retryable("media_unavailable", "Reading " + mediaId + " failed: " + e, null));
        } catch (PlatformHttp.NotSent e) {
            return new Result(null, PublishOutcome.retryable("platform_unreachable", e.getMessage(), null));
        }
    }

    /** The next {@code left} bytes of a stream. */
    private static final class Limited extends FilterInputStream {

        private long left;

        Limited(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int read = super.read();
            left -= read < 0 ? 0 : 1;
            return read;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int read = super.read(buffer, offset, (int) Math.min(count, left));
            left -= Math.max(read, 0);
            return read;
        }
    }
}

package dev.herald.publisher.connector.tiktok;

import java.net.URI;
import java.util.Optional;

/**
 * One video's {@code FILE_UPLOAD} to TikTok, as checkpointed on the ledger entry: the {@code publish_id} and
 * {@code upload_url} init answered, and how the file is cut into chunks by TikTok's rules
 * (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide): a file up to 64 MB goes whole (one
 * chunk — under 5 MB it must); a larger one in {@link #CHUNK} chunks, {@code total_chunk_count = size / chunk_size}
 * rounded down, the last chunk taking the trailing bytes (under two chunks, well within TikTok's 128 MB).
 */
record TikTokUpload(String publishId, URI uploadUrl, long size, long chunkSize, String mimeType) {

    static final long MIB = 1L << 20;
    /**
     * Chunks of a file over {@link #WHOLE_UP_TO}: within TikTok's 5 to 64 MB whether TikTok counts a megabyte as
     * 10^6 or 2^20 bytes.
     */
    static final long CHUNK = 10_000_000;
    /** Files up to this size go as one chunk (64 MB, counted the smaller way). */
    static final long WHOLE_UP_TO = 64_000_000;

    static long chunkSizeFor(long size) {
        return size <= WHOLE_UP_TO ? size : CHUNK;
    }

    static long chunkCount(long size, long chunkSize) {
        return Math.max(1, size / chunkSize);
    }

    long chunkCount() {
        return chunkCount(size, chunkSize);
    }

    /** The first byte of chunk {@code index} (0-based). */
    long firstByte(long index) {
        return index * chunkSize;
    }

    /** The last byte of chunk {@code index}: the last chunk runs to the end of the file. */
    long lastByte(long index) {
        return index == chunkCount() - 1 ? size - 1 : (index + 1) * chunkSize - 1;
    }

    /** The chunk to send next when TikTok holds {@code uploadedBytes} (whole chunks arrive or not at all). */
    long nextChunk(long uploadedBytes) {
        return Math.min(uploadedBytes / chunkSize, chunkCount());
    }

    static Optional<TikTokUpload> parse(String checkpoint) {
        String[] parts = checkpoint == null ? new String[0] : checkpoint.split(" ");
        if (parts.length != 5) {
            return Optional.empty();
        }
        return Optional.of(new TikTokUpload(
                parts[0], URI.create(parts[4]), Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]));
    }

    @Override
    public String toString() {
        return publishId + " " + size + " " + chunkSize + " " + mimeType + " " + uploadUrl;
    }
}

package dev.herald.media.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where media bytes live. Writes are atomic: an object is either absent or complete, never partly visible. */
public interface MediaStorage {

    /**
     * Streams {@code in} to the object {@code key}, replacing it; never more than {@code maxBytes} are kept.
     *
     * @return how many bytes were written
     * @throws TooLargeException when the stream has more than {@code maxBytes} (nothing is stored then)
     */
    long write(String key, InputStream in, long maxBytes) throws IOException;

    /** Opens the object for reading. */
    InputStream open(String key) throws IOException;

    /** The object's size in bytes, or -1 when it does not exist. */
    long size(String key) throws IOException;

    /** Deletes the object if it exists. */
    void delete(String key) throws IOException;

    /** The object as a local file, when this storage keeps it in one (decoders that seek need a file). */
    default Optional<Path> localPath(String key) {
        return Optional.empty();
    }

    /** Moves an object to another key in one step: the target is either the old one or the whole moved object. */
    void move(String from, String to) throws IOException;

    /**
     * A URL that lets anyone GET the object, served as {@code contentType}, for {@code ttl}; empty when the storage has
     * no such URLs and the service signs and serves its own.
     */
    default Optional<URI> presignedGet(String key, String contentType, Duration ttl) {
        return Optional.empty();
    }

    /**
     * A URL that lets anyone PUT exactly {@code size} bytes to the object for {@code ttl}; empty when the service takes
     * the bytes itself.
     */
    default Optional<URI> presignedPut(String key, long size, Duration ttl) {
        return Optional.empty();
    }

    /** Copies {@code in} to {@code out}, failing as soon as more than {@code maxBytes} came; returns the count. */
    static long copyAtMost(InputStream in, OutputStream out, long maxBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long written = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            written += read;
            if (written > maxBytes) {
                throw new TooLargeException(maxBytes);
            }
            out.write(buffer, 0, read);
        }
        return written;
    }

    /** The stream had more bytes than allowed. */
    class TooLargeException extends IOException {
        public TooLargeException(long maxBytes) {
            super("More than " + maxBytes + " bytes.");
        }
    }
}

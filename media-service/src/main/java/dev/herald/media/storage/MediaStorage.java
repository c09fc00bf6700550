package dev.herald.media.storage;

import java.io.IOException;
import java.io.InputStream;

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

    /** The stream had more bytes than allowed. */
    class TooLargeException extends IOException {
        public TooLargeException(long maxBytes) {
            super("More than " + maxBytes + " bytes.");
        }
    }
}

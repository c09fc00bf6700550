package dev.herald.media.storage;

import java.io.IOException;
import java.io.InputStream;

/** An upload whose connection breaks: a few bytes, then a reset. */
final class BreakingStream extends InputStream {

    private final int before;
    private int sent;

    BreakingStream(int before) {
        this.before = before;
    }

    @Override
    public int read() throws IOException {
        if (sent++ < before) {
            return 9;
        }
        throw new IOException("connection reset");
    }
}

package dev.herald.media.processing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Walks the container structure of a JPEG, PNG, GIF or WebP from start to end marker, without decoding pixels: a file
 * that stops early is truncated; bytes after the end marker (a ZIP, a script, an executable riding on a valid image)
 * make it a polyglot. Only the structure is walked; dimensions and metadata come from metadata-extractor.
 */
final class ImageStructure {

    private final InputStream in;
    private final byte[] scratch = new byte[16 * 1024];
    private long position;

    private ImageStructure(InputStream in) {
        this.in = in;
    }

    /** Reads {@code in} to its end; throws a {@link Rejection} when the structure is broken or followed by data. */
    static void check(String mimeType, InputStream in) throws Rejection, IOException {
        ImageStructure walker = new ImageStructure(in);
        try {
            switch (mimeType) {
                case "image/jpeg" -> walker.jpeg();
                case "image/png" -> walker.png();
                case "image/gif" -> walker.gif();
                case "image/webp" -> walker.webp();
                default -> throw new IllegalArgumentException("Not an image type: " + mimeType);
            }
        } catch (EOFException e) {
            throw new Rejection(
                    Rejection.TRUNCATED,
                    "The " + mimeType + " file ends after " + walker.position + " bytes, before its end marker.");
        }
    }

    private void jpeg() throws IOException, Rejection {
        if (u8() != 0xFF || u8() != 0xD8) {
            throw corrupt("The JPEG does not start with a start-of-image marker.");
        }
        jpegSegments(nextMarker());
    }

    private int nextMarker() throws IOException, Rejection {
        if (u8() != 0xFF) {
            throw corrupt("The JPEG has data where a marker should be.");
        }
        int marker = u8();
        while (marker == 0xFF) {
            marker = u8();
        }
        return marker;
    }

    /** Skips scan data (where {@code FF 00} is a stuffed byte and {@code FF D0-D7} restart markers) to the next marker. */
    private int afterEntropyCodedData() throws IOException {
        while (true) {
            if (u8() != 0xFF) {
                continue;
            }
            int next = u8();
            while (next == 0xFF) {
                next = u8();
            }
            if (next != 0x00 && (next < 0xD0 || next > 0xD7)) {
                return next;
            }
        }
    }

    private void png() throws IOException, Rejection {
        long signature = u32() << 32 | u32();
        if (signature != 0x89504E470D0A1A0AL) {
            throw corrupt("The PNG signature is wrong.");
        }
        while (true) {
            long length = u32();
            long type = u32();
            if (length > Integer.MAX_VALUE) {
                throw corrupt("A PNG chunk has an impossible length.");
            }
            skip(length + 4);
            if (type == 0x49454E44L) {
                trailing(false);
                return;
            }
        }
    }

    private void gif() throws IOException, Rejection {
        byte[] header = new byte[6];
        for (int i = 0; i < 6; i++) {
            header[i] = (byte) u8();
        }
        String magic = new String(header, java.nio.charset.StandardCharsets.US_ASCII);
        if (!magic.equals("GIF87a") && !magic.equals("GIF89a")) {
            throw corrupt("The GIF signature is wrong.");
        }
        skip(4);
        int packed = u8();
        skip(2);
        skipColorTable(packed);
        while (true) {
            int block = u8();
            switch (block) {
                case 0x21 -> {
                    u8();
                    subBlocks();
                }
                case 0x2C -> {
                    skip(8);
                    skipColorTable(u8());
                    u8();
                    subBlocks();
                }
                case 0x3B -> {
                    trailing(false);
                    return;
                }
                default -> throw corrupt("The GIF has an unknown block " + block + " at byte " + (position - 1) + ".");
            }
        }
    }

    private void skipColorTable(int packed) throws IOException {
        if ((packed & 0x80) != 0) {
            skip(3L * (1 << ((packed & 7) + 1)));
        }
    }

    private void subBlocks() throws IOException {
        int size;
        while ((size = u8()) != 0) {
            skip(size);
        }
    }

    private void webp() throws IOException, Rejection {
        if (u32() != 0x52494646L) {
            throw corrupt("The WebP does not start with RIFF.");
        }
        long declared = Long.reverseBytes(u32() << 32);
        if (u32() != 0x57454250L) {
            throw corrupt("The RIFF file is not a WebP.");
        }
        // The RIFF size counts everything after the first 8 bytes.
        skip(declared - 4);
        trailing(false);
    }

    /**
     * After the end marker: nothing (or zero padding) may follow; with {@code moreJpegs} a further whole JPEG may, and
     * then this answers {@code true} with its start-of-image read.
     */
    private boolean trailing(boolean moreJpegs) throws IOException, Rejection {
        long end = position;
        int first = in.read();
        if (first == -1) {
            return false;
        }
        position++;
        if (moreJpegs && first == 0xFF && u8() == 0xD8) {
            return true;
        }
        boolean zeros = first == 0;
        int b;
        while ((b = in.read()) != -1) {
            position++;
            zeros &= b == 0;
        }
        if (!zeros) {
            throw new Rejection(
                    Rejection.POLYGLOT,
                    (position - end) + " bytes follow the end of the image: the file is also something else.");
        }
        return false;
    }

    /**
     * From the first marker after start-of-image to end-of-image and what follows it: multi-picture JPEGs (MPF: gain
     * maps, depth maps) append whole JPEGs after the first one.
     */
    private void jpegSegments(int first) throws IOException, Rejection {
        int marker = first;
        while (true) {
            if (marker == 0xD9) {
                if (!trailing(true)) {
                    return;
                }
                // A further JPEG image: walked the same way, so whatever follows it is checked too.
                marker = nextMarker();
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                marker = nextMarker();
                continue;
            }
            int length = u16();
            if (length < 2) {
                throw corrupt("A JPEG segment has an impossible length.");
            }
            skip(length - 2);
            marker = marker == 0xDA ? afterEntropyCodedData() : nextMarker();
        }
    }

    private static Rejection corrupt(String message) {
        return new Rejection(Rejection.CORRUPT, message);
    }

    private int u8() throws IOException {
        int b = in.read();
        if (b == -1) {
            throw new EOFException();
        }
        position++;
        return b;
    }

    private int u16() throws IOException {
        return u8() << 8 | u8();
    }

    private long u32() throws IOException {
        return ((long) u16() << 16) | u16();
    }

    /** Reads (never {@code InputStream.skip}, which may pass the end of a file) so that every byte is seen. */
    private void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            int read = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (read == -1) {
                throw new EOFException();
            }
            left -= read;
            position += read;
        }
    }
}

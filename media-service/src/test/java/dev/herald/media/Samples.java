package dev.herald.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Real sample files made in the test: images through ImageIO, an MP4 box by box, and hostile variants. */
public final class Samples {

    private Samples() {}

    public static byte[] jpeg(int width, int height) {
        return image("jpeg", width, height, BufferedImage.TYPE_INT_RGB);
    }

    public static byte[] png(int width, int height) {
        return image("png", width, height, BufferedImage.TYPE_INT_ARGB);
    }

    public static byte[] gif(int width, int height) {
        return image("gif", width, height, BufferedImage.TYPE_BYTE_INDEXED);
    }

    /** A 1x1 lossless WebP (the well-known Modernizr probe image); no WebP encoder is at hand. */
    public static byte[] webp() {
        return Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    }

    /** Orange with a blue disc in the middle. */
    private static BufferedImage picture(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLUE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }

    private static byte[] image(String format, int width, int height, int type) {
        BufferedImage image = picture(width, height, type);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A real H.264 MP4 (I and P frames) encoded in the test by JCodec's encoder: {@code frames} orange frames with a
     * blue disc, at 25 frames per second.
     */
    public static byte[] h264Mp4(int width, int height, int frames) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("herald-sample", ".mp4");
            try {
                org.jcodec.api.awt.AWTSequenceEncoder encoder =
                        org.jcodec.api.awt.AWTSequenceEncoder.create25Fps(file.toFile());
                BufferedImage frame = picture(width, height, BufferedImage.TYPE_3BYTE_BGR);
                for (int i = 0; i < frames; i++) {
                    encoder.encodeImage(frame);
                }
                encoder.finish();
                return java.nio.file.Files.readAllBytes(file);
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JPEG cut in the middle of its scan data. */
    public static byte[] truncatedJpeg() {
        byte[] whole = jpeg(400, 300);
        return Arrays.copyOf(whole, whole.length / 2);
    }

    /** A small, well-formed PNG whose header declares 100,000 x 100,000 pixels (a decompression bomb's shape). */
    public static byte[] hugeDimensionsPng() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream header = new DataOutputStream(ihdr);
            header.writeInt(100_000);
            header.writeInt(100_000);
            header.write(new byte[] {8, 2, 0, 0, 0});
            chunk(data, "IHDR", ihdr.toByteArray());
            chunk(data, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
            chunk(data, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(body.length);
        out.write(name);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(body);
        out.writeInt((int) crc.getValue());
    }

    /** A valid JPEG with a ZIP archive appended: opens as a picture and as an archive (GIFAR-style polyglot). */
    public static byte[] jpegZipPolyglot() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(jpeg(64, 64));
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("payload.js"));
                zip.write("alert(document.cookie)".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A valid GIF whose comment extension carries a script (a GIF/HTML polyglot). */
    public static byte[] gifScriptPolyglot() {
        byte[] gif = gif(16, 16);
        byte[] comment = "<script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Header (6) + logical screen descriptor (7) + global colour table, then the comment block.
        int packed = gif[10] & 0xff;
        int tableEnd = 13 + ((packed & 0x80) != 0 ? 3 * (1 << ((packed & 7) + 1)) : 0);
        out.write(gif, 0, tableEnd);
        out.write(0x21);
        out.write(0xFE);
        out.write(comment.length);
        out.write(comment, 0, comment.length);
        out.write(0);
        out.write(gif, tableEnd, gif.length - tableEnd);
        return out.toByteArray();
    }

    /** The start of a Windows executable (MZ header, PE signature), to be uploaded as {@code cat.png}. */
    public static byte[] executable() {
        byte[] exe = new byte[1024];
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3c] = (byte) 0x80;
        exe[0x80] = 'P';
        exe[0x81] = 'E';
        byte[] stub = "This program cannot be run in DOS mode.".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(stub, 0, exe, 0x4e, stub.length);
        return exe;
    }

    /**
     * A minimal, well-formed MP4 (ISO BMFF): {@code ftyp}, a {@code moov} with a movie header, one H.264 video track
     * of {@code width x height} and {@code millis} duration, and an empty {@code mdat}.
     */
    public static byte[] mp4(int width, int height, int millis) {
        return movie("isom", width, height, millis);
    }

    /** The same movie as a QuickTime file (brand {@code qt}). */
    public static byte[] mov(int width, int height, int millis) {
        return movie("qt  ", width, height, millis);
    }

    private static byte[] movie(String brand, int width, int height, int millis) {
        try {
            byte[] ftyp = box(
                    "ftyp",
                    concat(ascii(brand), int32(0x200), ascii(brand), ascii("iso2"), ascii("avc1"), ascii("mp41")));
            byte[] mvhd = box(
                    "mvhd",
                    concat(
                            int32(0),
                            int32(0),
                            int32(0),
                            int32(1000),
                            int32(millis),
                            int32(0x00010000),
                            int16(0x0100),
                            new byte[10],
                            matrix(),
                            new byte[24],
                            int32(2)));
            byte[] tkhd = box(
                    "tkhd",
                    concat(
                            int32(3),
                            int32(0),
                            int32(0),
                            int32(1),
                            int32(0),
                            int32(millis),
                            new byte[8],
                            int16(0),
                            int16(0),
                            int16(0),
                            int16(0),
                            matrix(),
                            int32(width << 16),
                            int32(height << 16)));
            byte[] mdhd = box(
                    "mdhd", concat(int32(0), int32(0), int32(0), int32(1000), int32(millis), int16(0x55c4), int16(0)));
            byte[] hdlr = box(
                    "hdlr",
                    concat(
                            int32(0),
                            int32(0),
                            ascii("vide"),
                            new byte[12],
                            brand.startsWith("qt") ? ascii("\fVideoHandler") : ascii("VideoHandler\0")));
            byte[] vmhd = box("vmhd", concat(int32(1), int16(0), new byte[6]));
            byte[] dinf = box("dinf", box("dref", concat(int32(0), int32(1), box("url ", int32(1)))));
            byte[] avc1 = box(
                    "avc1",
                    concat(
                            new byte[6],
                            int16(1),
                            int16(0),
                            int16(0),
                            new byte[12],
                            int16(width),
                            int16(height),
                            int32(0x00480000),
                            int32(0x00480000),
                            int32(0),
                            int16(1),
                            new byte[32],
                            int16(0x0018),
                            int16(-1)));
            byte[] stsd = box("stsd", concat(int32(0), int32(1), avc1));
            byte[] stbl = box(
                    "stbl",
                    concat(
                            stsd,
                            box("stts", concat(int32(0), int32(0))),
                            box("stsc", concat(int32(0), int32(0))),
                            box("stsz", concat(int32(0), int32(0), int32(0))),
                            box("stco", concat(int32(0), int32(0)))));
            byte[] minf = box("minf", concat(vmhd, dinf, stbl));
            byte[] mdia = box("mdia", concat(mdhd, hdlr, minf));
            byte[] trak = box("trak", concat(tkhd, mdia));
            byte[] moov = box("moov", concat(mvhd, trak));
            return concat(ftyp, moov, box("mdat", new byte[0]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] matrix() throws IOException {
        return concat(
                int32(0x00010000),
                int32(0),
                int32(0),
                int32(0),
                int32(0x00010000),
                int32(0),
                int32(0),
                int32(0),
                int32(0x40000000));
    }

    private static byte[] box(String type, byte[] body) throws IOException {
        return concat(int32(8 + body.length), ascii(type), body);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] int32(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] int16(int value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    private static byte[] concat(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part);
        }
        return out.toByteArray();
    }
}

package dev.herald.media.processing;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.ImageInputStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.tika.Tika;
import org.jboss.logging.Logger;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.Rational;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.gif.GifHeaderDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.mov.QuickTimeDirectory;
import com.drew.metadata.mov.media.QuickTimeVideoDirectory;
import com.drew.metadata.mp4.Mp4Directory;
import com.drew.metadata.mp4.media.Mp4VideoDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.webp.WebpDirectory;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;

import dev.herald.media.MediaItem;
import dev.herald.media.config.MediaConfig;
import dev.herald.media.storage.MediaStorage;
import dev.herald.rules.MediaFile;

/**
 * Finds out what a stored file really is, from its bytes only: the type (Apache Tika's magic numbers), its structure
 * (truncated? something appended?), dimensions and video metadata (metadata-extractor, headers only), a SHA-256 and a
 * thumbnail. Memory stays bounded: images whose header declares too many pixels are refused before decoding, and
 * thumbnails are decoded subsampled. Time is bounded by the caller through {@link Cancel}.
 */
@ApplicationScoped
public class MediaInspector {

    private static final Logger LOG = Logger.getLogger(MediaInspector.class);

    private static final Map<String, String> KINDS = Map.of(
            "image/jpeg", MediaFile.IMAGE,
            "image/png", MediaFile.IMAGE,
            "image/webp", MediaFile.IMAGE,
            "image/gif", MediaFile.GIF,
            "video/mp4", MediaFile.VIDEO,
            "video/quicktime", MediaFile.VIDEO);

    /** Markup or code hidden inside an image makes it a polyglot (a browser or interpreter would run it). */
    private static final String[] SCRIPT_MARKERS = {"<script", "<?php", "<html", "<!doctype", "<iframe", "<svg"};

    private final MediaStorage storage;
    private final MediaConfig config;
    private final Tika tika = new Tika();

    public MediaInspector(MediaStorage storage, MediaConfig config) {
        this.storage = storage;
        this.config = config;
        // The JDK reads JPEG, PNG and GIF; WebP comes from TwelveMonkeys, registered by hand because ImageIO's own
        // plugin scan uses a class loader that does not see the application's jars.
        IIORegistry.getDefaultInstance().registerServiceProvider(new WebPImageReaderSpi());
        ImageIO.setUseCache(false);
    }

    /** Lets a supervisor stop an inspection: the next read fails and a running decode is aborted. */
    public static final class Cancel {
        private volatile boolean cancelled;
        private volatile ImageReader reader;

        public void cancel() {
            cancelled = true;
            ImageReader current = reader;
            if (current != null) {
                current.abort();
            }
        }
    }

    /** Inspects the stored object {@code key} of {@code item}; throws a {@link Rejection} saying why it is refused. */
    public MediaItem.Measured inspect(MediaItem item, String key, Cancel cancel) throws Rejection, IOException {
        long size = storage.size(key);
        if (size < 0) {
            throw new Rejection(Rejection.STORAGE, "The uploaded bytes are missing from storage.");
        }
        String mime = sniff(key, cancel);
        String kind = KINDS.get(mime);
        if (kind == null) {
            throw new Rejection(
                    Rejection.UNSUPPORTED_TYPE,
                    "The bytes are " + mime + ", not a JPEG, PNG, GIF, WebP, MP4 or QuickTime file"
                            + " (the file name and declared type do not count).");
        }
        long cap = capOf(kind);
        if (size > cap) {
            throw new Rejection(
                    Rejection.TOO_LARGE, "The " + kind + " has " + size + " bytes; at most " + cap + " are accepted.");
        }
        String sha256 = hashAndWalk(key, mime, kind, cancel);
        Metadata metadata = metadata(key, cancel);
        String thumbnailKey = "thumbnails/" + item.workspaceId() + "/" + item.id() + ".jpg";
        if (MediaFile.VIDEO.equals(kind)) {
            MediaItem.Measured measured = video(metadata, sha256);
            return videoThumbnail(item, key, cancel, thumbnailKey) ? measured.withThumbnail(thumbnailKey) : measured;
        }
        int[] size2d = imageSize(mime, metadata);
        if ((long) size2d[0] * size2d[1] > config.limits().maxPixels()) {
            throw new Rejection(
                    Rejection.DIMENSIONS_TOO_LARGE,
                    "The image declares " + size2d[0] + "x" + size2d[1] + " pixels; at most "
                            + config.limits().maxPixels() + " pixels are decoded.");
        }
        thumbnail(key, mime, size2d, thumbnailKey, cancel);
        return new MediaItem.Measured(mime, kind, size2d[0], size2d[1], null, null, sha256, thumbnailKey);
    }

    /** The cap for a kind of file. */
    public long capOf(String kind) {
        return switch (kind) {
            case MediaFile.VIDEO -> config.limits().videoBytes().asLongValue();
            case MediaFile.GIF -> config.limits().gifBytes().asLongValue();
            default -> config.limits().imageBytes().asLongValue();
        };
    }

    /** The kind ({@code image}, {@code gif}, {@code video}) of a type, or {@code null} when Herald does not take it. */
    public static String kindOf(String mimeType) {
        return mimeType == null
                ? null
                : KINDS.get(mimeType.toLowerCase(Locale.ROOT).split(";")[0].trim());
    }

    private String sniff(String key, Cancel cancel) throws IOException {
        try (InputStream in = new BufferedInputStream(guarded(storage.open(key), cancel))) {
            return tika.detect(in);
        }
    }

    private String hashAndWalk(String key, String mime, String kind, Cancel cancel) throws IOException, Rejection {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream raw = guarded(storage.open(key), cancel);
                DigestInputStream digested = new DigestInputStream(new BufferedInputStream(raw, 64 * 1024), digest)) {
            if (MediaFile.VIDEO.equals(kind)) {
                digested.transferTo(java.io.OutputStream.nullOutputStream());
            } else {
                ScriptScan scan = new ScriptScan(digested);
                ImageStructure.check(mime, scan);
                if (scan.found != null) {
                    throw new Rejection(
                            Rejection.POLYGLOT,
                            "The image carries '" + scan.found + "' markup: the file is also a script or a page.");
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private Metadata metadata(String key, Cancel cancel) throws IOException, Rejection {
        try (InputStream in = new BufferedInputStream(guarded(storage.open(key), cancel), 64 * 1024)) {
            return ImageMetadataReader.readMetadata(in);
        } catch (ImageProcessingException | RuntimeException e) {
            throw new Rejection(Rejection.CORRUPT, "The file's headers cannot be read: " + e.getMessage());
        }
    }

    private static int[] imageSize(String mime, Metadata metadata) throws Rejection {
        Integer width = null;
        Integer height = null;
        switch (mime) {
            case "image/jpeg" -> {
                width = integer(metadata, JpegDirectory.class, JpegDirectory.TAG_IMAGE_WIDTH);
                height = integer(metadata, JpegDirectory.class, JpegDirectory.TAG_IMAGE_HEIGHT);
            }
            case "image/png" -> {
                width = integer(metadata, PngDirectory.class, PngDirectory.TAG_IMAGE_WIDTH);
                height = integer(metadata, PngDirectory.class, PngDirectory.TAG_IMAGE_HEIGHT);
            }
            case "image/gif" -> {
                width = integer(metadata, GifHeaderDirectory.class, GifHeaderDirectory.TAG_IMAGE_WIDTH);
                height = integer(metadata, GifHeaderDirectory.class, GifHeaderDirectory.TAG_IMAGE_HEIGHT);
            }
            case "image/webp" -> {
                width = integer(metadata, WebpDirectory.class, WebpDirectory.TAG_IMAGE_WIDTH);
                height = integer(metadata, WebpDirectory.class, WebpDirectory.TAG_IMAGE_HEIGHT);
            }
            default -> {
                // not an image type
            }
        }
        if (width == null || height == null || width <= 0 || height <= 0) {
            throw new Rejection(Rejection.CORRUPT, "The image header has no valid dimensions.");
        }
        return new int[] {width, height};
    }

    /**
     * Tika names ISO files by brand ({@code isom}, the brand ffmpeg writes, reads as QuickTime), while
     * metadata-extractor picks its MP4 or QuickTime reader from the same box; whichever read it names the type.
     */
    private static MediaItem.Measured video(Metadata metadata, String sha256) throws Rejection {
        if (metadata.getFirstDirectoryOfType(Mp4Directory.class) != null) {
            return video(
                    "video/mp4",
                    metadata,
                    sha256,
                    new VideoTags(
                            Mp4Directory.class,
                            Mp4VideoDirectory.class,
                            Mp4Directory.TAG_DURATION_SECONDS,
                            Mp4VideoDirectory.TAG_WIDTH,
                            Mp4VideoDirectory.TAG_HEIGHT,
                            Mp4VideoDirectory.TAG_COMPRESSION_TYPE));
        }
        return video(
                "video/quicktime",
                metadata,
                sha256,
                new VideoTags(
                        QuickTimeDirectory.class,
                        QuickTimeVideoDirectory.class,
                        QuickTimeDirectory.TAG_DURATION_SECONDS,
                        QuickTimeVideoDirectory.TAG_WIDTH,
                        QuickTimeVideoDirectory.TAG_HEIGHT,
                        QuickTimeVideoDirectory.TAG_COMPRESSION_TYPE));
    }

    private record VideoTags(
            Class<? extends Directory> container,
            Class<? extends Directory> track,
            int duration,
            int width,
            int height,
            int codec) {}

    private static MediaItem.Measured video(String mime, Metadata metadata, String sha256, VideoTags tags)
            throws Rejection {
        Directory movie = metadata.getFirstDirectoryOfType(tags.container());
        Directory video = metadata.getFirstDirectoryOfType(tags.track());
        if (movie == null || video == null) {
            throw new Rejection(
                    Rejection.CORRUPT, "The " + mime + " file has no readable movie or video track header.");
        }
        Rational seconds = movie.getRational(tags.duration());
        Integer width = video.getInteger(tags.width());
        Integer height = video.getInteger(tags.height());
        if (seconds == null || width == null || height == null || width <= 0 || height <= 0) {
            throw new Rejection(Rejection.CORRUPT, "The " + mime + " file has no duration or video dimensions.");
        }
        long millis = Math.round(seconds.doubleValue() * 1000);
        String codec = video.getString(tags.codec());
        return new MediaItem.Measured(
                mime, MediaFile.VIDEO, width, height, millis, codec == null ? null : codec.trim(), sha256, null);
    }

    private static Integer integer(Metadata metadata, Class<? extends Directory> type, int tag) {
        Directory directory = metadata.getFirstDirectoryOfType(type);
        return directory == null ? null : directory.getInteger(tag);
    }

    private void thumbnail(String key, String mime, int[] size, String thumbnailKey, Cancel cancel)
            throws IOException, Rejection {
        int target = config.processing().thumbnailSize();
        // Decode at most about twice the thumbnail size: memory is bounded by that, not by the image.
        int step = Math.max(1, Math.max(size[0], size[1]) / (2 * target));
        BufferedImage decoded;
        try (InputStream in = guarded(storage.open(key), cancel);
                ImageInputStream images = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(mime);
            if (!readers.hasNext()) {
                throw new Rejection(Rejection.UNSUPPORTED_TYPE, "No decoder for " + mime + ".");
            }
            ImageReader reader = readers.next();
            cancel.reader = reader;
            try {
                reader.setInput(images, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                decoded = reader.read(0, param);
            } finally {
                cancel.reader = null;
                reader.dispose();
            }
        } catch (IIOException | RuntimeException e) {
            if (cancel.cancelled) {
                throw new InterruptedIOException("cancelled");
            }
            throw new Rejection(Rejection.CORRUPT, "The image data cannot be decoded: " + e.getMessage());
        }
        if (decoded == null) {
            throw new Rejection(Rejection.CORRUPT, "The image data cannot be decoded.");
        }
        storeThumbnail(decoded, thumbnailKey);
    }

    /**
     * A thumbnail from a key frame of an H.264 video (JCodec), when one can be decoded within the limits; a video
     * without one is still ready (its metadata is what platforms check). Reads the stored file in place, or a
     * temporary copy when the storage is not local (S3).
     */
    private boolean videoThumbnail(MediaItem item, String key, Cancel cancel, String thumbnailKey) throws IOException {
        Path local = storage.localPath(key).orElse(null);
        Path copy = null;
        try {
            if (local == null) {
                Path scratch = config.storage().directory().toAbsolutePath().resolve(".processing");
                Files.createDirectories(scratch);
                copy = Files.createTempFile(scratch, "video-", ".tmp");
                try (InputStream in = guarded(storage.open(key), cancel)) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                }
                local = copy;
            }
            VideoFrames.Frame frame =
                    VideoFrames.keyFrame(local, config.limits().videoFramePixels());
            if (cancel.cancelled) {
                throw new InterruptedIOException("Processing took too long.");
            }
            if (frame.image() == null) {
                LOG.infof("No thumbnail for video %s: %s", item.id(), frame.skipped());
                return false;
            }
            storeThumbnail(frame.image(), thumbnailKey);
            return true;
        } finally {
            if (copy != null) {
                Files.deleteIfExists(copy);
            }
        }
    }

    private void storeThumbnail(BufferedImage decoded, String thumbnailKey) throws IOException {
        int target = config.processing().thumbnailSize();
        double scale = Math.min(1.0, (double) target / Math.max(decoded.getWidth(), decoded.getHeight()));
        int width = Math.max(1, (int) Math.round(decoded.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(decoded.getHeight() * scale));
        BufferedImage thumb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = thumb.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(decoded, 0, 0, width, height, java.awt.Color.WHITE, null);
        } finally {
            graphics.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(thumb, "jpeg", out);
        storage.write(thumbnailKey, new ByteArrayInputStream(out.toByteArray()), Long.MAX_VALUE);
    }

    private static InputStream guarded(InputStream in, Cancel cancel) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                check();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                check();
                return super.read(b, off, len);
            }

            private void check() throws InterruptedIOException {
                if (cancel.cancelled) {
                    throw new InterruptedIOException("Processing took too long.");
                }
            }
        };
    }

    /** Passes bytes through and remembers the first script marker it sees (ASCII, case-insensitive). */
    private static final class ScriptScan extends FilterInputStream {
        private final byte[][] markers;
        private final int[] matched;
        private String found;

        ScriptScan(InputStream in) {
            super(in);
            markers = new byte[SCRIPT_MARKERS.length][];
            for (int i = 0; i < SCRIPT_MARKERS.length; i++) {
                markers[i] = SCRIPT_MARKERS[i].getBytes(StandardCharsets.US_ASCII);
            }
            matched = new int[SCRIPT_MARKERS.length];
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                see(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int read = super.read(buffer, off, len);
            for (int i = 0; i < read; i++) {
                see(buffer[off + i] & 0xff);
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            // ImageStructure never skips; refusing keeps the scan complete.
            return 0;
        }

        private void see(int b) {
            int lower = b >= 'A' && b <= 'Z' ? b + 32 : b;
            for (int i = 0; i < markers.length; i++) {
                if (markers[i][matched[i]] == lower) {
                    matched[i]++;
                    if (matched[i] == markers[i].length) {
                        if (found == null) {
                            found = SCRIPT_MARKERS[i];
                        }
                        matched[i] = 0;
                    }
                } else {
                    matched[i] = markers[i][0] == lower ? 1 : 0;
                }
            }
        }
    }
}

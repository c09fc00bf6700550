package dev.herald.media.processing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.common.Codec;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.FileChannelWrapper;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;
import org.jcodec.scale.AWTUtil;

/**
 * A still frame of an H.264 MP4/QuickTime video for its thumbnail, decoded in pure Java (JCodec). Only a key frame is
 * decoded (the one at or before one second), so the work is one picture. Memory is bounded before anything is
 * decoded: the movie header must be small, and both the container's and the H.264 parameter set's frame sizes within
 * a pixel limit. A video it cannot take (another codec, a too-large frame) gets no thumbnail, with the reason.
 */
final class VideoFrames {

    /** The movie header ({@code moov}) is read whole by the demuxer: larger ones are not decoded. */
    static final long MAX_MOVIE_HEADER = 64L * 1024 * 1024;

    private VideoFrames() {}

    /** A frame, or why there is none. */
    record Frame(BufferedImage image, String skipped) {
        static Frame none(String why) {
            return new Frame(null, why);
        }
    }

    static Frame keyFrame(Path file, long maxPixels) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long header = movieHeaderSize(channel);
            if (header < 0) {
                return Frame.none("no movie header");
            }
            if (header > MAX_MOVIE_HEADER) {
                return Frame.none("movie header of " + header + " bytes");
            }
            channel.position(0);
            FrameGrab grab;
            try {
                grab = FrameGrab.createFrameGrab(new FileChannelWrapper(channel));
            } catch (JCodecException | RuntimeException e) {
                return Frame.none("not demuxed: " + e);
            }
            DemuxerTrackMeta meta = grab.getVideoTrack().getMeta();
            if (meta.getCodec() != Codec.H264) {
                return Frame.none("codec " + meta.getCodec() + " (only H.264 is decoded)");
            }
            Size container = meta.getVideoCodecMeta() == null
                    ? null
                    : meta.getVideoCodecMeta().getSize();
            if (container == null || tooLarge(container, maxPixels)) {
                return Frame.none("frame size "
                        + (container == null ? "unknown" : container.getWidth() + "x" + container.getHeight())
                        + " beyond " + maxPixels + " pixels");
            }
            // The demuxer hands the parameter sets over in Annex B form.
            for (ByteBuffer sps : H264Utils.getRawSPS(meta.getCodecPrivate().duplicate())) {
                Size coded = H264Utils.getPicSize(H264Utils.readSPS(sps.duplicate()));
                if (tooLarge(coded, maxPixels)) {
                    return Frame.none("coded frame size " + coded.getWidth() + "x" + coded.getHeight());
                }
            }
            try {
                grab.seekToSecondSloppy(Math.min(1.0, meta.getTotalDuration() / 2));
            } catch (JCodecException | RuntimeException e) {
                grab.seekToFrameSloppy(0);
            }
            Picture picture = grab.getNativeFrame();
            return picture == null ? Frame.none("no frame") : new Frame(AWTUtil.toBufferedImage(picture), null);
        } catch (JCodecException | RuntimeException e) {
            return Frame.none("not decoded: " + e);
        }
    }

    private static boolean tooLarge(Size size, long maxPixels) {
        return size.getWidth() <= 0 || size.getHeight() <= 0 || (long) size.getWidth() * size.getHeight() > maxPixels;
    }

    /** The size of the top-level {@code moov} box, or -1 when there is none; only box headers are read. */
    static long movieHeaderSize(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
        long position = 0;
        long end = channel.size();
        while (position + 8 <= end) {
            head.clear().limit(16);
            channel.read(head, position);
            head.flip();
            if (head.remaining() < 8) {
                return -1;
            }
            long size = Integer.toUnsignedLong(head.getInt());
            String type = new String(
                    new byte[] {head.get(), head.get(), head.get(), head.get()},
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            if (size == 1 && head.remaining() >= 8) {
                size = head.getLong();
            } else if (size == 0) {
                size = end - position;
            }
            if (size < 8) {
                return -1;
            }
            if ("moov".equals(type)) {
                return size;
            }
            position += size;
        }
        return -1;
    }
}

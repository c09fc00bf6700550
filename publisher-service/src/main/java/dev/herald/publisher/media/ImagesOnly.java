package dev.herald.publisher.media;

import java.util.List;

import dev.herald.publisher.connector.PublishOutcome;

/** The check of connectors that send images but not video yet: why a post's files cannot go, or null when they can. */
public final class ImagesOnly {

    private ImagesOnly() {}

    /**
     * @param videoPath where that platform's video would go, for the message (e.g. "its Videos API")
     */
    public static PublishOutcome refusal(List<MediaFile> files, String platformName, String videoPath, int maxImages) {
        if (files.stream().anyMatch(MediaFile::isVideo)) {
            return PublishOutcome.failed(
                    "media_unsupported",
                    "Video to " + platformName + " (" + videoPath + ") is not available in this Herald version yet;"
                            + " images are.");
        }
        if (files.size() > maxImages) {
            return PublishOutcome.failed("media_invalid", platformName + " takes at most " + maxImages + " images.");
        }
        return null;
    }
}

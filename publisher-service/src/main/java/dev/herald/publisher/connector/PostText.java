package dev.herald.publisher.connector;

import dev.herald.events.PublishRequest;

/** The text of a post as platforms without a separate link field get it. */
public final class PostText {

    private PostText() {}

    /** The caption, with the link appended (after a blank line) when the caption does not already carry it. */
    public static String withLink(PublishRequest request) {
        String caption = request.caption() == null ? "" : request.caption();
        String link = request.content().link();
        return link == null || caption.contains(link) ? caption : (caption.isBlank() ? link : caption + "\n\n" + link);
    }
}

package dev.herald.rules;

import java.util.Map;

/**
 * What is about to be published on one platform.
 *
 * @param images how many images are attached
 * @param videos how many videos are attached
 * @param options the platform options given (e.g. {@code title}, {@code board_id}, {@code privacy_level})
 */
public record PostDraft(String text, int images, int videos, Map<String, String> options) {

    public static PostDraft text(String text) {
        return new PostDraft(text, 0, 0, Map.of());
    }
}

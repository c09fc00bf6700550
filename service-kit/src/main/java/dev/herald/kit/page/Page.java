package dev.herald.kit.page;

import java.util.List;
import java.util.function.Function;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;

/**
 * One page of a list, in the shape every Herald list has: {@code {data, has_more, next_cursor}}. Lists are keyed by
 * id (ids sort by creation time), the cursor being the last id shown.
 */
public record Page<T>(List<T> data, boolean hasMore, String nextCursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** Refuses a limit outside 1–100 with a 400 naming the field. */
    public static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid(
                    "limit must be between 1 and " + MAX_LIMIT + ".",
                    List.of(new ApiError.Detail("limit", "out_of_range", "Use 1 to " + MAX_LIMIT + ".")));
        }
        return limit;
    }

    /**
     * Builds a page from rows fetched with {@code limit + 1}: the extra row only says that there is more.
     *
     * @param id the id of a row, which is the cursor of the next page
     */
    public static <E, T> Page<T> of(List<E> fetched, int limit, Function<E, T> view, Function<E, String> id) {
        boolean hasMore = fetched.size() > limit;
        List<E> shown = hasMore ? fetched.subList(0, limit) : fetched;
        return new Page<>(
                shown.stream().map(view).toList(), hasMore, hasMore ? id.apply(shown.get(shown.size() - 1)) : null);
    }
}

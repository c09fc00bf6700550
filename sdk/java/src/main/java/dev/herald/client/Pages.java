package dev.herald.client;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Walks a cursor list ({@code {data, has_more, next_cursor}}) lazily: the next page is fetched only when the stream
 * needs its first item. The generated page classes share no interface, hence the accessor functions.
 */
public final class Pages {

    private Pages() {}

    /**
     * @param fetch the page after a cursor ({@code null} for the first page)
     * @param data the page's items
     * @param hasMore whether another page follows
     * @param nextCursor the cursor of the next page
     */
    public static <P, T> Stream<T> stream(
            Function<String, P> fetch,
            Function<P, List<T>> data,
            Function<P, Boolean> hasMore,
            Function<P, String> nextCursor) {
        Iterator<T> items = new Iterator<>() {
            private Iterator<T> page = List.<T>of().iterator();
            private String cursor;
            private boolean last;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && !last) {
                    P next = fetch.apply(cursor);
                    List<T> list = data.apply(next);
                    page = list == null ? List.<T>of().iterator() : list.iterator();
                    cursor = nextCursor.apply(next);
                    last = !Boolean.TRUE.equals(hasMore.apply(next)) || cursor == null;
                }
                return page.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}

package dev.herald.webhook.sql;

import java.util.Collection;

/**
 * A list of ids bound to native SQL as one text parameter, split into an array by the statement:
 * {@code id = ANY (string_to_array(:ids, ','))}. One parameter, not an HQL {@code in ?1}: Hibernate translates such a
 * query again for every list size, which cost the consumer more CPU than the rest of its planning (JFR,
 * benchmarks/webhooks.sh). Nor a native {@code IN (:ids)}: that expands to one bind parameter per id, a different
 * statement per list size, so PostgreSQL cannot reuse its plan. The comma splits, so an id must not hold one (Herald's
 * are prefixed ULIDs).
 */
public final class IdLists {

    private IdLists() {}

    /** The parameter's value: the ids joined by commas (none is an empty array, which matches no row). */
    public static String param(Collection<String> ids) {
        return String.join(",", ids);
    }
}

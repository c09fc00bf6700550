package dev.herald.kit.idempotency;

/**
 * What a creating request answered: kept with its Idempotency-Key and replayed as is.
 *
 * @param location the {@code Location} header, if any
 */
public record IdempotentResult(int status, Object entity, String location) {

    public static IdempotentResult created(Object entity, String location) {
        return new IdempotentResult(201, entity, location);
    }

    public static IdempotentResult ok(Object entity) {
        return new IdempotentResult(200, entity, null);
    }
}

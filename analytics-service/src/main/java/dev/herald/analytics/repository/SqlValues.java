package dev.herald.analytics.repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** Converts the values native queries return (their Java types depend on the driver and Hibernate). */
public final class SqlValues {

    private SqlValues() {}

    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("Not a timestamp: " + value.getClass());
    }

    public static LocalDate date(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof LocalDate date) {
            return date;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        return instant(value).atOffset(java.time.ZoneOffset.UTC).toLocalDate();
    }

    public static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    public static Double decimal(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}

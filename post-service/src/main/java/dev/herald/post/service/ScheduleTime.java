package dev.herald.post.service;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import dev.herald.kit.error.ApiError;

/**
 * Reads {@code scheduled_at} (+ {@code timezone}) into an instant. A time with an offset is taken as is. A local time
 * is read in the IANA zone: in a DST gap (a time that does not exist) it moves forward by the gap's length (02:30 on
 * a spring-forward night becomes 03:30); in an overlap (a time that exists twice) the earlier instant is used.
 */
public final class ScheduleTime {

    private ScheduleTime() {}

    /** The zone, or {@code null} (with a problem recorded when it is not a valid IANA id). */
    public static ZoneId zone(String timezone, List<ApiError.Detail> problems) {
        if (timezone == null) {
            return null;
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            problems.add(
                    new ApiError.Detail("timezone", "invalid_timezone", "Use an IANA time zone such as Europe/Paris."));
            return null;
        }
    }

    /** The instant, or {@code null} when absent or invalid (then a problem is recorded). */
    public static Instant resolve(
            String scheduledAt, ZoneId zone, boolean timezoneGiven, List<ApiError.Detail> problems) {
        if (scheduledAt == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(scheduledAt).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                LocalDateTime local = LocalDateTime.parse(scheduledAt);
                if (zone == null) {
                    if (!timezoneGiven) {
                        problems.add(new ApiError.Detail(
                                "scheduled_at",
                                "timezone_required",
                                "A local time needs a timezone, or give scheduled_at with an offset."));
                    }
                    return null;
                }
                return ZonedDateTime.ofLocal(local, zone, null).toInstant();
            } catch (DateTimeParseException e) {
                problems.add(new ApiError.Detail(
                        "scheduled_at",
                        "invalid_datetime",
                        "Use ISO-8601, e.g. 2026-12-01T09:00:00Z or 2026-12-01T09:00:00 with a timezone."));
                return null;
            }
        }
    }
}

package dev.herald.cli.posts;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * {@code --at} and {@code --tz} as the API takes them: a local wall-clock time goes as {@code scheduled_at} without an
 * offset plus its IANA {@code timezone}, so the post-service applies the zone's rules (a DST gap moves the time
 * forward, an overlap takes the earlier instant) in one place; a time with an offset goes as it is.
 */
public record Schedule(String scheduledAt, String timezone) {

    /** {@code 2026-12-01 09:00}, {@code 2026-12-01T09:00}, with or without seconds. */
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    /** What the API reads as a local time: seconds always present, no offset. */
    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    /**
     * @param at {@code --at}; null for no schedule
     * @param tz {@code --tz}; null for the machine's zone when {@code at} is a local time
     * @param machineZone the zone of this machine
     * @throws IllegalArgumentException for a time or zone that cannot be read (a usage error)
     */
    public static Schedule of(String at, String tz, ZoneId machineZone) {
        ZoneId zone = tz == null ? null : zone(tz);
        if (at == null) {
            if (zone != null) {
                throw new IllegalArgumentException("--tz needs --at");
            }
            return new Schedule(null, null);
        }
        String text = at.strip();
        try {
            OffsetDateTime withOffset = OffsetDateTime.parse(text.replace(' ', 'T'));
            return new Schedule(
                    withOffset.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), zone == null ? null : zone.getId());
        } catch (DateTimeParseException notAnInstant) {
            // A wall-clock time: read below in the zone.
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(text, LOCAL);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--at '" + at + "' is not a time: use 2026-12-01 09:00 (local, with --tz) or 2026-12-01T09:00:00Z");
        }
        return new Schedule(local.format(WIRE), (zone == null ? machineZone : zone).getId());
    }

    private static ZoneId zone(String tz) {
        try {
            return ZoneId.of(tz.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--tz '" + tz + "' is not an IANA time zone (e.g. Europe/Berlin)");
        }
    }
}

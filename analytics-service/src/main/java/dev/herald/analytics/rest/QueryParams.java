package dev.herald.analytics.rest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;

/**
 * Reads and checks query parameters, collecting every problem so that one 400 names all the bad fields.
 */
final class QueryParams {

    /** The longest range one query may cover. */
    static final int MAX_RANGE_DAYS = 400;

    private final List<ApiError.Detail> problems = new ArrayList<>();

    /** A day: {@code 2026-11-26}, or an instant ({@code 2026-11-26T10:00:00Z}) taken as its UTC day. */
    LocalDate date(String field, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException notADay) {
            try {
                return LocalDate.ofInstant(Instant.parse(value), ZoneOffset.UTC);
            } catch (DateTimeParseException notAnInstant) {
                problems.add(new ApiError.Detail(
                        field,
                        "invalid_date",
                        "Use a date (2026-11-26) or an ISO-8601 instant (2026-11-26T10:00:00Z)."));
                return fallback;
            }
        }
    }

    /** UTC days, both included. */
    record Days(LocalDate from, LocalDate to) {}

    /** {@code from} and {@code to} as days: by default the {@code defaultDays} up to today (UTC), checked. */
    Days days(String from, String to, int defaultDays) {
        LocalDate toDay = date("to", to, LocalDate.now(ZoneOffset.UTC));
        LocalDate fromDay = date("from", from, toDay.minusDays(defaultDays - 1L));
        range(fromDay, toDay);
        return new Days(fromDay, toDay);
    }

    /** {@code from} not after {@code to}, and at most {@link #MAX_RANGE_DAYS} apart. */
    private void range(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            problems.add(new ApiError.Detail("from", "after_to", "from must not be after to."));
        } else if (from.plusDays(MAX_RANGE_DAYS).isBefore(to)) {
            problems.add(
                    new ApiError.Detail("to", "range_too_long", "A query covers at most " + MAX_RANGE_DAYS + " days."));
        }
    }

    /** One of {@code allowed}, or {@code fallback} when absent. */
    String oneOf(String field, String value, Set<String> allowed, String fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            problems.add(new ApiError.Detail(
                    field,
                    "invalid_value",
                    "Use one of " + String.join(", ", allowed.stream().sorted().toList()) + "."));
            return fallback;
        }
        return value;
    }

    String required(String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new ApiError.Detail(field, "required", field + " is required."));
        }
        return value;
    }

    /** An IANA time zone, UTC when absent. */
    String timezone(String field, String value) {
        if (value == null || value.isBlank()) {
            return "UTC";
        }
        try {
            return ZoneId.of(value).getId();
        } catch (DateTimeException e) {
            problems.add(new ApiError.Detail(field, "invalid_timezone", "Use an IANA time zone, e.g. Europe/Paris."));
            return "UTC";
        }
    }

    /** A whole number from 1 to {@code max} (taken as text: a JAX-RS conversion failure would be a 404). */
    int limit(String field, String text, int fallback, int max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > max) {
            problems.add(new ApiError.Detail(field, "out_of_range", "Use 1 to " + max + "."));
            return fallback;
        }
        return value;
    }

    /** Throws the 400 naming every problem found, if any. */
    void check() {
        if (!problems.isEmpty()) {
            throw ApiException.invalid("Some query parameters are not valid.", problems);
        }
    }
}

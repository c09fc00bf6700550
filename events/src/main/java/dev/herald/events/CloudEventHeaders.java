package dev.herald.events;

/**
 * Kafka header names of the CloudEvents Kafka protocol binding (binary mode):
 * the payload is the record value, the attributes travel as {@code ce_*}
 * headers.
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    /** The producing service's outbox row id: consumers can dedupe on it too. */
    public static final String OUTBOX_ID = "herald_outbox_id";

    public static final String SPEC_VERSION_VALUE = "1.0";

    private CloudEventHeaders() {}
}

package dev.herald.media.processing;

/** Why processing refused a file: a stable code for machines and a sentence for people. */
public class Rejection extends Exception {

    public static final String UNSUPPORTED_TYPE = "unsupported_type";
    public static final String CORRUPT = "corrupt_file";
    public static final String TRUNCATED = "truncated_file";
    public static final String POLYGLOT = "polyglot_file";
    public static final String TOO_LARGE = "too_large";
    public static final String DIMENSIONS_TOO_LARGE = "dimensions_too_large";
    public static final String TIMEOUT = "processing_timeout";
    public static final String STORAGE = "storage_error";

    private final String code;

    public Rejection(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}

package dev.herald.cli;

/** A failure the CLI found itself (a file it cannot read, media that failed processing), with its exit code. */
public final class CliFailure extends RuntimeException {

    private final String code;
    private final int exitCode;

    public CliFailure(String code, String message, int exitCode) {
        super(message);
        this.code = code;
        this.exitCode = exitCode;
    }

    public String code() {
        return code;
    }

    public int exitCode() {
        return exitCode;
    }
}

package dev.herald.cli;

/** The exit codes scripts can rely on (docs/cli.md): one per kind of failure, never reused for another. */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** The API refused the request (a 4xx other than 401): the error's code and message are on stderr. */
    public static final int API_ERROR = 1;
    /** The command line is wrong (picocli's usage error). */
    public static final int USAGE = 2;
    /** The API could not be reached, or answered 5xx: trying again later may work. */
    public static final int NETWORK = 3;
    /** No API key was found, or the API refused the key (401): `herald login`. */
    public static final int NOT_LOGGED_IN = 4;

    private ExitCodes() {}
}

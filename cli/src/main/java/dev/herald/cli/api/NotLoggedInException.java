package dev.herald.cli.api;

/** No API key in the options, the environment or the config file. */
public final class NotLoggedInException extends RuntimeException {

    public NotLoggedInException() {
        super("not logged in: run `herald login`, or set HERALD_API_KEY, or pass --api-key");
    }
}

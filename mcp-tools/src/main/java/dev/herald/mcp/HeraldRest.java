package dev.herald.mcp;

/**
 * One call of Herald's public REST API on behalf of the MCP client: the gateway's own front door with the caller's
 * API key, or the CLI's API client. Tools never reach a service another way, so auth, scopes, rate limits, validation
 * and idempotency are the REST API's own.
 */
public interface HeraldRest {

    /**
     * Sends {@code method pathAndQuery} with {@code jsonBody} (null: none) and {@code idempotencyKey} (null: none).
     *
     * @throws java.io.UncheckedIOException when Herald cannot be reached
     */
    Reply send(String method, String pathAndQuery, String jsonBody, String idempotencyKey);

    /** The status and body of Herald's answer, as it came. */
    record Reply(int status, String body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}

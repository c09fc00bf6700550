package dev.herald.publisher.account.connect;

import java.net.URI;
import java.util.List;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;

/** Where a connect flow sends the user's browser back: a tenant page, never a script or an open redirect trap. */
final class ReturnUrls {

    private ReturnUrls() {}

    /** The tenant's page the user returns to: absolute https (http only for localhost, for development). */
    static void check(String returnUrl) {
        if (returnUrl == null) {
            return;
        }
        URI uri;
        try {
            uri = URI.create(returnUrl);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        boolean ok = uri != null
                && uri.getHost() != null
                && uri.getFragment() == null
                && ("https".equals(uri.getScheme())
                        || ("http".equals(uri.getScheme())
                                && ("localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost()))));
        if (!ok || returnUrl.length() > 2_000) {
            throw ApiException.invalid(
                    "The return URL is not acceptable.",
                    List.of(new ApiError.Detail(
                            "return_url",
                            "invalid_url",
                            "An absolute https URL without a fragment (http only for localhost), at most 2,000"
                                    + " characters.")));
        }
    }
}

package dev.herald.publisher.connector.bluesky;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;

/**
 * The PDS a tenant names when signing in ({@code service_url}, for accounts not hosted by Bluesky): an https origin on
 * public addresses only, so a tenant cannot steer Herald at its own network (RELIABILITY.md, SSRF). The operator's
 * configured PDS is trusted as it is — that is how tests point Herald at a loopback stub.
 */
final class ServiceUrls {

    private ServiceUrls() {}

    /** The origin to call: {@code raw} checked, or the configured PDS when the tenant named none. */
    static String check(String raw, String configured) {
        if (raw == null || raw.isBlank()) {
            return configured;
        }
        URI uri;
        try {
            uri = URI.create(raw.trim());
        } catch (IllegalArgumentException e) {
            throw invalid("invalid_url", "Not a URL.");
        }
        if (uri.getHost() == null
                || uri.getUserInfo() != null
                || uri.getQuery() != null
                || uri.getFragment() != null
                || !(uri.getRawPath() == null
                        || uri.getRawPath().isEmpty()
                        || uri.getRawPath().equals("/"))) {
            throw invalid("invalid_url", "A PDS origin such as https://bsky.social, without path or credentials.");
        }
        String origin = uri.getScheme() + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        if (origin.equals(configured)) {
            return configured;
        }
        if (!"https".equals(uri.getScheme())) {
            throw invalid("https_required", "A PDS is reached over https.");
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (!isPublic(address)) {
                    throw invalid("address_not_allowed", "The PDS's address is not a public one.");
                }
            }
        } catch (UnknownHostException e) {
            throw invalid("unknown_host", "No such host: " + uri.getHost() + ".");
        }
        return origin;
    }

    /** Not loopback, link-local, private, unique-local (fc00::/7), multicast, unspecified or a reserved range. */
    private static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first != 0 && first < 240 && !(first == 100 && second >= 64 && second < 128);
    }

    private static ApiException invalid(String code, String message) {
        return ApiException.invalid(
                "The PDS URL is not usable.", List.of(new ApiError.Detail("service_url", code, message)));
    }
}

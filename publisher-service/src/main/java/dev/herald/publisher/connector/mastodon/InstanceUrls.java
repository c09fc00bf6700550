package dev.herald.publisher.connector.mastodon;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;

/**
 * A tenant-given instance URL, made safe to call: https, a bare origin, and (unless the operator allows private
 * addresses, for tests) a host whose every address is public — Herald must not be steered at its own network.
 */
final class InstanceUrls {

    private InstanceUrls() {}

    static String normalize(String raw, boolean allowPrivate) {
        if (raw == null || raw.isBlank()) {
            throw invalid("required", "The Mastodon instance, e.g. https://mastodon.social.");
        }
        String candidate = raw.trim().contains("://") ? raw.trim() : "https://" + raw.trim();
        URI uri;
        try {
            uri = URI.create(candidate);
        } catch (IllegalArgumentException e) {
            throw invalid("invalid_url", "Not a URL.");
        }
        if (uri.getHost() == null || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            throw invalid("invalid_url", "An instance origin such as https://mastodon.social, without credentials.");
        }
        if (!"https".equals(uri.getScheme()) && !(allowPrivate && "http".equals(uri.getScheme()))) {
            throw invalid("https_required", "Instances are reached over https.");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!allowPrivate) {
            try {
                for (InetAddress address : InetAddress.getAllByName(host)) {
                    if (!isPublic(address)) {
                        throw invalid("address_not_allowed", "The instance's address is not a public one.");
                    }
                }
            } catch (UnknownHostException e) {
                throw invalid("unknown_host", "No such host: " + host + ".");
            }
        }
        return uri.getScheme() + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /** Not loopback, link-local, private, unique-local, multicast or unspecified (IPv4 and IPv6). */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            return (bytes[0] & 0xfe) != 0xfc; // fc00::/7 (mapped IPv4 addresses arrive as Inet4Address)
        }
        int a = bytes[0] & 0xff;
        int b = bytes[1] & 0xff;
        int c = bytes[2] & 0xff;
        boolean reserved = a == 0
                || a >= 240 // 240/4 and 255.255.255.255
                || (a == 100 && b >= 64 && b < 128) // 100.64/10
                || (a == 192 && b == 0 && (c == 0 || c == 2)) // 192.0.0/24, 192.0.2/24
                || (a == 198 && (b & 0xfe) == 18) // 198.18/15
                || (a == 198 && b == 51 && c == 100) // 198.51.100/24
                || (a == 203 && b == 0 && c == 113); // 203.0.113/24
        return !reserved;
    }

    private static ApiException invalid(String code, String message) {
        return ApiException.invalid(
                "The instance URL is not usable.", List.of(new ApiError.Detail("instance_url", code, message)));
    }
}

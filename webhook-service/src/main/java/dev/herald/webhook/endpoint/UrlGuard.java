package dev.herald.webhook.endpoint;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.webhook.config.WebhookConfig;

/**
 * Refuses endpoint URLs that would make Herald call into a private network (SSRF): only http(s), and every address
 * the host resolves to must be public. Loopback is allowed only with the explicit development setting.
 */
@ApplicationScoped
public class UrlGuard {

    private final WebhookConfig config;

    public UrlGuard(WebhookConfig config) {
        this.config = config;
    }

    /** Checks a URL; throws a 400 {@code url_not_allowed} explaining why not. */
    public URI check(String url) {
        URI uri;
        try {
            uri = url == null ? null : new URI(url);
        } catch (Exception e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            throw refuse("invalid_url", "The url must be an absolute http(s) URL.");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw refuse("invalid_url", "Only http and https URLs are allowed.");
        }
        if (uri.getUserInfo() != null) {
            throw refuse("invalid_url", "Credentials in the URL are not allowed.");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw refuse("unresolvable_host", "The host does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (address.isLoopbackAddress() && config.allowLoopback()) {
                continue;
            }
            if (!isPublic(address)) {
                throw refuse("url_not_allowed", "The URL resolves to a non-public address.");
            }
        }
        return uri;
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return !(first == 0
                    || first >= 240
                    || (first == 100 && second >= 64 && second < 128)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 2)
                    || (first == 198 && (second == 18 || second == 19))
                    || (first == 198 && second == 51 && (b[2] & 0xff) == 100)
                    || (first == 203 && second == 0 && (b[2] & 0xff) == 113));
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            // fc00::/7 unique local; IPv4-mapped/compatible forms are checked as the IPv4 address they carry.
            if ((first & 0xfe) == 0xfc) {
                return false;
            }
            boolean leadingZeros = true;
            for (int i = 0; i < 10; i++) {
                leadingZeros &= b[i] == 0;
            }
            if (leadingZeros && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static ApiException refuse(String code, String message) {
        return ApiException.invalid(message, List.of(new ApiError.Detail("url", code, message)));
    }
}

package dev.herald.webhook.endpoint;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.webhook.config.WebhookConfig;

/**
 * Refuses endpoint URLs that would make Herald call into a private network (SSRF, OWASP cheat sheet and Svix's
 * webhook client): only http(s), every address the host resolves to must be public, and the sender connects only to
 * the address vetted here (no second lookup, which defeats DNS rebinding). Loopback is allowed only with the explicit
 * development setting.
 */
@ApplicationScoped
public class UrlGuard {

    // Digits, dots and hex only: a numeric host. Only the canonical dotted quad is accepted, because "2130706433",
    // "0177.0.0.1" or "0x7f.1" mean 127.0.0.1 to some resolvers and something else to others.
    private static final Pattern NUMERIC_HOST = Pattern.compile("^(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]*))*\\.?$");
    private static final Pattern CANONICAL_V4 = Pattern.compile(
            "^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$");

    private final WebhookConfig config;
    private final HostResolver resolver;

    public UrlGuard(WebhookConfig config, HostResolver resolver) {
        this.config = config;
        this.resolver = resolver;
    }

    /** A URL that passed the guard and the one address the sender may connect to. */
    public record Vetted(URI uri, InetAddress address) {

        public boolean https() {
            return "https".equalsIgnoreCase(uri.getScheme());
        }

        public int port() {
            return uri.getPort() != -1 ? uri.getPort() : https() ? 443 : 80;
        }

        /** The request target: path and query, never empty. */
        public String target() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    /**
     * Checks a URL at registration; throws a 400 naming the {@code url} field and why.
     *
     * @param httpsOnly live mode: plain http is refused
     */
    public Vetted check(String url, boolean httpsOnly) {
        try {
            return vet(url, httpsOnly);
        } catch (Refused e) {
            throw ApiException.invalid(e.getMessage(), List.of(new ApiError.Detail("url", e.code(), e.getMessage())));
        }
    }

    /** Checks a URL at send time (DNS may have changed since registration). */
    public Vetted vet(String url, boolean httpsOnly) throws Refused {
        URI uri;
        try {
            uri = url == null ? null : new URI(url);
        } catch (Exception e) {
            uri = null;
        }
        if (uri != null && uri.getHost() == null && uri.getRawAuthority() != null) {
            // java.net.URI gives no host for "2130706433" or "0177.0.0.1" (not a hostname, not a dotted quad).
            String authority = uri.getRawAuthority().replaceFirst("^.*@", "").replaceFirst(":[0-9]*$", "");
            if (NUMERIC_HOST.matcher(authority.toLowerCase(Locale.ROOT)).matches()) {
                throw new Refused("url_not_allowed", "Numeric hosts must be written as a canonical dotted quad.");
            }
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            throw new Refused("invalid_url", "The url must be an absolute http(s) URL.");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new Refused("invalid_url", "Only http and https URLs are allowed.");
        }
        if (httpsOnly && !scheme.equals("https")) {
            throw new Refused("https_required", "Live mode endpoints must use https.");
        }
        if (uri.getUserInfo() != null) {
            throw new Refused("invalid_url", "Credentials in the URL are not allowed.");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (NUMERIC_HOST.matcher(host).matches() && !CANONICAL_V4.matcher(host).matches()) {
            throw new Refused("url_not_allowed", "Numeric hosts must be written as a canonical dotted quad.");
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new Refused("unresolvable_host", "The host does not resolve.");
        }
        if (addresses.isEmpty()) {
            throw new Refused("unresolvable_host", "The host does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (!(isLoopback(address) && config.allowLoopback()) && !isPublic(address)) {
                throw new Refused("url_not_allowed", "The URL resolves to a non-public address.");
            }
        }
        return new Vetted(uri, addresses.get(0));
    }

    private static boolean isLoopback(InetAddress address) {
        return address.isLoopbackAddress();
    }

    /** Whether an address is public, per RELIABILITY.md's list of blocked ranges. */
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
            return isPublicV4(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local
            }
            boolean leadingZeros = true;
            for (int i = 0; i < 10; i++) {
                leadingZeros &= b[i] == 0;
            }
            // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d, also :: and ::1) forms.
            if (leadingZeros && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
                return isPublicV4(b[12] & 0xff, b[13] & 0xff, b[14] & 0xff)
                        && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 1);
            }
            // NAT64 (64:ff9b::/96) carries the IPv4 address in its last 4 bytes.
            if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
                return isPublicV4(b[12] & 0xff, b[13] & 0xff, b[14] & 0xff);
            }
            // 6to4 (2002::/16) carries it in bytes 2 to 5.
            if (b[0] == 0x20 && b[1] == 0x02) {
                return isPublicV4(b[2] & 0xff, b[3] & 0xff, b[4] & 0xff);
            }
        }
        return true;
    }

    private static boolean isPublicV4(int first, int second, int third) {
        return !(first == 0
                || first == 10
                || first == 127
                || first >= 224 // 224/4 multicast, 240/4 reserved, 255.255.255.255
                || (first == 100 && second >= 64 && second < 128)
                || (first == 169 && second == 254)
                || (first == 172 && second >= 16 && second < 32)
                || (first == 192 && second == 168)
                || (first == 192 && second == 0 && third == 0)
                || (first == 192 && second == 0 && third == 2)
                || (first == 198 && (second == 18 || second == 19))
                || (first == 198 && second == 51 && third == 100)
                || (first == 203 && second == 0 && third == 113));
    }

    /** Why a URL is refused: a stable code and a message for the tenant. */
    public static final class Refused extends Exception {

        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}

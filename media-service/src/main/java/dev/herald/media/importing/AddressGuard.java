package dev.herald.media.importing;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.media.config.MediaConfig;

/**
 * The SSRF guard of media import, as RELIABILITY.md says (OWASP SSRF cheat sheet, Stripe smokescreen, Svix): only
 * http(s) (https in live mode), no credentials, no numeric host spellings other than canonical IP literals; every A
 * and AAAA record is resolved and every one must be public, and the caller connects to the vetted address only (no
 * second lookup, so DNS rebinding gains nothing). Loopback passes only with the test-only setting.
 */
@ApplicationScoped
public class AddressGuard {

    private static final Pattern CANONICAL_IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    /** Anything a resolver might read as a number: digits, dots, hex and octal prefixes ({@code 2130706433}, {@code 0x7f.1}). */
    private static final Pattern NUMERIC_LOOKING =
            Pattern.compile("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]*))*\\.?");

    private final boolean allowLoopback;

    @Inject
    public AddressGuard(MediaConfig config) {
        this(config.importing().allowLoopback());
    }

    AddressGuard(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** A URL that passed, and the one address to connect to. */
    public record Vetted(URI uri, String host, int port, boolean https, InetAddress address) {}

    /** Checks {@code url}; throws a 400 with a machine-readable code in {@code details[0].issue} when refused. */
    public Vetted vet(String url, boolean httpsOnly) {
        URI uri;
        try {
            uri = url == null ? null : new URI(url.trim());
        } catch (Exception e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw refuse("invalid_url", "The url must be an absolute http(s) URL with a host.");
        }
        if (uri.getHost() == null) {
            // java.net.URI finds no host in shorthand numeric forms such as 127.1 or 0x7f.0.0.1.
            String authority = uri.getRawAuthority().replaceFirst("^.*@", "").replaceFirst(":[0-9]*$", "");
            if (NUMERIC_LOOKING.matcher(authority.toLowerCase(Locale.ROOT)).matches()) {
                throw refuse("numeric_host", "The host '" + authority + "' is a numeric spelling of an address.");
            }
            throw refuse("invalid_url", "The url must be an absolute http(s) URL with a host.");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw refuse("scheme_not_allowed", "Only http and https URLs can be imported.");
        }
        if (httpsOnly && !scheme.equals("https")) {
            throw refuse("https_required", "Live mode imports only https URLs.");
        }
        if (uri.getRawUserInfo() != null) {
            throw refuse("invalid_url", "Credentials in the URL are not allowed.");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        boolean ipv6Literal = host.startsWith("[");
        if (!ipv6Literal
                && NUMERIC_LOOKING.matcher(host).matches()
                && !CANONICAL_IPV4.matcher(host).matches()) {
            throw refuse(
                    "numeric_host",
                    "The host '" + host + "' is a numeric spelling of an address; use a name or a dotted IPv4.");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(ipv6Literal ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw refuse("unresolvable_host", "The host '" + host + "' does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (address.isLoopbackAddress() && allowLoopback) {
                continue;
            }
            String blocked = blockedClass(address);
            if (blocked != null) {
                throw refuse(
                        "address_not_allowed",
                        "The host resolves to " + address.getHostAddress() + " (" + blocked
                                + "), which is not public.");
            }
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Vetted(uri, host, port, scheme.equals("https"), addresses[0]);
    }

    /** The blocked class an address is in (RELIABILITY.md's list), or {@code null} when it is public. */
    static String blockedClass(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return blockedV4(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff);
        }
        if (address instanceof Inet6Address) {
            return blockedV6(b);
        }
        return "unknown address family";
    }

    private static String blockedV4(int a, int b, int c, int d) {
        if (a == 0) {
            return "0.0.0.0/8 this network";
        }
        if (a == 10) {
            return "10.0.0.0/8 private";
        }
        if (a == 100 && b >= 64 && b < 128) {
            return "100.64.0.0/10 carrier-grade NAT";
        }
        if (a == 127) {
            return "127.0.0.0/8 loopback";
        }
        if (a == 169 && b == 254) {
            return "169.254.0.0/16 link-local (cloud metadata)";
        }
        if (a == 172 && b >= 16 && b < 32) {
            return "172.16.0.0/12 private";
        }
        if (a == 192 && b == 0 && c == 0) {
            return "192.0.0.0/24 IETF protocol assignments";
        }
        if (a == 192 && b == 0 && c == 2) {
            return "192.0.2.0/24 documentation";
        }
        if (a == 192 && b == 168) {
            return "192.168.0.0/16 private";
        }
        if (a == 198 && (b == 18 || b == 19)) {
            return "198.18.0.0/15 benchmarking";
        }
        if (a == 198 && b == 51 && c == 100) {
            return "198.51.100.0/24 documentation";
        }
        if (a == 203 && b == 0 && c == 113) {
            return "203.0.113.0/24 documentation";
        }
        if (a >= 224 && a < 240) {
            return "224.0.0.0/4 multicast";
        }
        if (a == 255 && b == 255 && c == 255 && d == 255) {
            return "255.255.255.255 broadcast";
        }
        if (a >= 240) {
            return "240.0.0.0/4 reserved";
        }
        return null;
    }

    private static String blockedV6(byte[] b) {
        boolean first10Zero = true;
        for (int i = 0; i < 10; i++) {
            first10Zero &= b[i] == 0;
        }
        boolean first12Zero = first10Zero && b[10] == 0 && b[11] == 0;
        if (first12Zero && b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1)) {
            return b[15] == 0 ? ":: unspecified" : "::1 loopback";
        }
        if (first10Zero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded("IPv4-mapped", b, 12);
        }
        if (first12Zero) {
            return embedded("IPv4-compatible", b, 12);
        }
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return "fc00::/7 unique local";
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
            return "fe80::/10 link-local";
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return "fec0::/10 site-local";
        }
        if (first == 0xff) {
            return "ff00::/8 multicast";
        }
        // NAT64 well-known (64:ff9b::/96) and local-use (64:ff9b:1::/48) prefixes carry an IPv4 in the last 32 bits.
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            return embedded("NAT64", b, 12);
        }
        // 6to4 (2002::/16) carries an IPv4 in bits 16-48.
        if (b[0] == 0x20 && b[1] == 0x02) {
            return embedded("6to4", b, 2);
        }
        // Teredo (2001:0::/32) hides an obfuscated IPv4: nothing public needs it for a media fetch.
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            return "2001::/32 Teredo";
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
            return "2001:db8::/32 documentation";
        }
        return null;
    }

    private static String embedded(String form, byte[] b, int offset) {
        String inner = blockedV4(b[offset] & 0xff, b[offset + 1] & 0xff, b[offset + 2] & 0xff, b[offset + 3] & 0xff);
        return inner == null ? null : form + " form of " + inner;
    }

    static ApiException refuse(String code, String message) {
        return new ApiException(400, code, message, List.of(new ApiError.Detail("url", code, message)));
    }
}

package dev.herald.media.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.herald.kit.error.ApiException;

/** One case per blocked class of RELIABILITY.md (SSRF), with loopback blocked as in production. */
class AddressGuardTest {

    private final AddressGuard guard = new AddressGuard(false);

    static List<Arguments> refused() {
        return List.of(
                Arguments.of("http://0.0.0.0/a.png", "address_not_allowed"),
                Arguments.of("http://10.1.2.3/a.png", "address_not_allowed"),
                Arguments.of("http://100.64.0.1/a.png", "address_not_allowed"),
                Arguments.of("http://127.0.0.1/a.png", "address_not_allowed"),
                Arguments.of("http://169.254.169.254/latest/meta-data/", "address_not_allowed"),
                Arguments.of("http://172.16.0.1/a.png", "address_not_allowed"),
                Arguments.of("http://172.31.255.255/a.png", "address_not_allowed"),
                Arguments.of("http://192.0.0.8/a.png", "address_not_allowed"),
                Arguments.of("http://192.0.2.1/a.png", "address_not_allowed"),
                Arguments.of("http://192.168.1.1/a.png", "address_not_allowed"),
                Arguments.of("http://198.18.0.1/a.png", "address_not_allowed"),
                Arguments.of("http://198.19.255.1/a.png", "address_not_allowed"),
                Arguments.of("http://198.51.100.7/a.png", "address_not_allowed"),
                Arguments.of("http://203.0.113.9/a.png", "address_not_allowed"),
                Arguments.of("http://224.0.0.1/a.png", "address_not_allowed"),
                Arguments.of("http://239.255.255.250/a.png", "address_not_allowed"),
                Arguments.of("http://240.0.0.1/a.png", "address_not_allowed"),
                Arguments.of("http://255.255.255.255/a.png", "address_not_allowed"),
                Arguments.of("http://[::]/a.png", "address_not_allowed"),
                Arguments.of("http://[::1]/a.png", "address_not_allowed"),
                Arguments.of("http://[fc00::1]/a.png", "address_not_allowed"),
                Arguments.of("http://[fd12:3456::1]/a.png", "address_not_allowed"),
                Arguments.of("http://[fe80::1]/a.png", "address_not_allowed"),
                Arguments.of("http://[ff02::1]/a.png", "address_not_allowed"),
                // IPv4-mapped and IPv4-compatible forms of blocked IPv4 addresses.
                Arguments.of("http://[::ffff:127.0.0.1]/a.png", "address_not_allowed"),
                Arguments.of("http://[::ffff:a9fe:a9fe]/a.png", "address_not_allowed"),
                Arguments.of("http://[::10.0.0.1]/a.png", "address_not_allowed"),
                // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) forms of 10.0.0.1 and 127.0.0.1.
                Arguments.of("http://[64:ff9b::a00:1]/a.png", "address_not_allowed"),
                Arguments.of("http://[2002:7f00:1::]/a.png", "address_not_allowed"),
                // A DNS name that resolves to loopback.
                Arguments.of("http://localhost/a.png", "address_not_allowed"),
                Arguments.of("http://LocalHost:8080/a.png", "address_not_allowed"),
                // Numeric spellings a resolver or browser reads as 127.0.0.1.
                Arguments.of("http://2130706433/a.png", "numeric_host"),
                Arguments.of("http://0177.0.0.1/a.png", "numeric_host"),
                Arguments.of("http://0x7f.0.0.1/a.png", "numeric_host"),
                Arguments.of("http://0x7f000001/a.png", "numeric_host"),
                Arguments.of("http://127.1/a.png", "numeric_host"),
                Arguments.of("http://127.000.000.001/a.png", "numeric_host"),
                Arguments.of("ftp://example.com/a.png", "scheme_not_allowed"),
                Arguments.of("file:///etc/passwd", "invalid_url"),
                Arguments.of("https://user:secret@example.com/a.png", "invalid_url"),
                Arguments.of("not a url", "invalid_url"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void shouldRefuseWhenTheUrlReachesABlockedAddressClass(String url, String code) {
        ApiException refused = assertThrows(ApiException.class, () -> guard.vet(url, false));
        assertEquals(400, refused.status());
        assertEquals(code, refused.code(), url + ": " + refused.getMessage());
        assertEquals("url", refused.details().get(0).field());
    }

    @Test
    void shouldRequireHttpsWhenTheCallerIsInLiveMode() {
        assertEquals(
                "https_required",
                assertThrows(ApiException.class, () -> guard.vet("http://1.1.1.1/", true))
                        .code());
    }

    @Test
    void shouldPassAndPinTheAddressWhenItIsPublic() {
        AddressGuard.Vetted vetted = guard.vet("https://1.1.1.1:8443/cat.png?size=2", true);
        assertEquals("1.1.1.1", vetted.address().getHostAddress());
        assertEquals(8443, vetted.port());
        assertEquals(true, vetted.https());
        AddressGuard.Vetted v6 = guard.vet("http://[2606:4700:4700::1111]/cat.png", false);
        assertEquals(80, v6.port());
    }

    @Test
    void shouldAllowOnlyLoopbackWhenTheTestSettingIsOn() {
        AddressGuard lenient = new AddressGuard(true);
        assertEquals(
                "127.0.0.1",
                lenient.vet("http://127.0.0.1:9/a.png", false).address().getHostAddress());
        assertEquals(
                "address_not_allowed",
                assertThrows(ApiException.class, () -> lenient.vet("http://10.0.0.1/a.png", false))
                        .code());
    }
}

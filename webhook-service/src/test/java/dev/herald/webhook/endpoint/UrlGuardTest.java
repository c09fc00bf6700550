package dev.herald.webhook.endpoint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class UrlGuardTest {

    @Test
    void shouldTreatEveryBlockedClassAsNonPublicWhenCheckingAnAddress() throws Exception {
        for (String address : List.of(
                "0.0.0.0",
                "10.0.0.1",
                "100.127.255.254",
                "127.0.0.1",
                "127.255.0.9",
                "169.254.169.254",
                "172.31.255.255",
                "192.0.0.1",
                "192.0.2.200",
                "192.168.0.1",
                "198.19.255.255",
                "198.51.100.7",
                "203.0.113.9",
                "224.0.0.251",
                "239.255.255.250",
                "240.0.0.1",
                "255.255.255.255",
                "::",
                "::1",
                "fc00::1",
                "fdff::1",
                "fe80::1",
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "::127.0.0.1",
                "64:ff9b::7f00:1",
                "2002:7f00:1::1",
                "2002:c0a8:101::1")) {
            assertFalse(UrlGuard.isPublic(InetAddress.getByName(address)), address);
        }
    }

    @Test
    void shouldTreatAddressesOnTheInternetAsPublicWhenCheckingAnAddress() throws Exception {
        for (String address : List.of(
                "93.184.216.34",
                "1.1.1.1",
                "100.128.0.1",
                "172.32.0.1",
                "198.20.0.1",
                "2606:4700:4700::1111",
                "::ffff:1.1.1.1",
                "64:ff9b::101:101",
                "2002:101:101::1")) {
            assertTrue(UrlGuard.isPublic(InetAddress.getByName(address)), address);
        }
    }
}

package com.globalremit.redis.autoconfigure.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Which X-Forwarded-For hop is the client, and which texts are addresses at all (pure parsing, no Redis). */
class TrustedProxiesTest {

    private final TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.0/8", "fd00::/8"));

    private String client(String peer, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        request.addHeader("X-Forwarded-For", forwardedFor);
        return proxies.clientAddress(request);
    }

    @Test
    void aHopWithAPortIsTheClientWithoutItsPort() {
        // Azure Application Gateway writes the client's source port: once rejected, so the client became the
        // last trusted proxy and every client behind it shared one bucket.
        assertThat(client("10.1.2.3", "203.0.113.7:41234")).isEqualTo("203.0.113.7");
        assertThat(client("10.1.2.3", "203.0.113.7:41234, 10.9.9.9:8080")).isEqualTo("203.0.113.7");
        // Another source port of the same client is the same caller.
        assertThat(client("10.1.2.3", "203.0.113.7:50000")).isEqualTo(client("10.1.2.3", "203.0.113.7:41234"));
    }

    @Test
    void bracketedIpv6HopsWithOrWithoutAPortAreTheAddress() {
        assertThat(client("10.1.2.3", "[2001:db8::1]")).isEqualTo("2001:db8::1");
        assertThat(client("10.1.2.3", "[2001:db8::1]:443")).isEqualTo("2001:db8::1");
        assertThat(client("10.1.2.3", "2001:db8::1")).isEqualTo("2001:db8::1");
        // A trusted IPv6 proxy in brackets is skipped like any other.
        assertThat(client("10.1.2.3", "198.51.100.7, [fd00::5]:443")).isEqualTo("198.51.100.7");
    }

    @Test
    void malformedHopsStopAtTheLastAddressVouchedFor() {
        assertThat(client("10.1.2.3", "[2001:db8::1")).isEqualTo("10.1.2.3");
        assertThat(client("10.1.2.3", "203.0.113.7:99999")).isEqualTo("10.1.2.3");
        assertThat(client("10.1.2.3", "203.0.113.7:http")).isEqualTo("10.1.2.3");
        assertThat(client("10.1.2.3", "198.51.100.1, proxy.internal, 10.9.9.9")).isEqualTo("10.9.9.9");
    }

    @Test
    void onlyLiteralsAreAddressesAndNothingIsResolved() throws Exception {
        // Looks numeric, but is not a literal: InetAddress.getByName would send it to DNS on the request thread.
        for (String notAnAddress : List.of("1.2.3.999", "1.2.3", "1.2.3.4.5", "1..2.3", "localhost", "a.b.c.d",
                "01234.1.1.1", "1:2", "1:2:3:4:5:6:7:8:9", "::1::", "1.2.3.4::", "12345::", "g::1", "::ffff:1.2.3",
                "\uff11.2.3.4", "", "%eth0")) {
            assertThat(TrustedProxies.parse(notAnAddress)).as(notAnAddress).isNull();
        }
        for (String literal : List.of("192.0.2.1", "0.0.0.0", "255.255.255.255", "::", "::1", "2001:db8::1",
                "2001:DB8:0:0:0:0:0:1", "1::", "fe80::1%eth0", "::ffff:192.0.2.1", "64:ff9b::192.0.2.33",
                "1:2:3:4:5:6:7::")) {
            byte[] expected = InetAddress.getByName(literal.replaceFirst("%.*", "")).getAddress(); // no lookup
            assertThat(TrustedProxies.parse(literal)).as(literal).isEqualTo(expected);
        }
    }

    @Test
    void untrustedPeerIsTheClientWhateverTheHeaderSays() {
        assertThat(client("203.0.113.9", "198.51.100.1:1234")).isEqualTo("203.0.113.9");
    }
}

package com.globalremit.redis.autoconfigure.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The client address of a request. {@code X-Forwarded-For} is believed only when the direct peer is a configured
 * trusted proxy, and then read from the right: each trusted hop is skipped, the first untrusted address is the
 * client (addresses further left could be forged by the client itself).
 */
final class TrustedProxies {

    private static final String PROPERTY = "remit.redis.rate-limit.trusted-proxies";
    // Literal addresses only: a host name would mean a DNS lookup per request.
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges = new ArrayList<>();

    TrustedProxies(List<String> entries) {
        for (String entry : entries) {
            String value = entry == null ? "" : entry.trim();
            int slash = value.indexOf('/');
            String ip = slash < 0 ? value : value.substring(0, slash);
            byte[] address = parse(ip);
            if (address == null) {
                throw new InvalidConfigurationPropertyValueException(PROPERTY, entry,
                        "must be an IP address or CIDR range such as 10.0.0.0/8");
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(value.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new InvalidConfigurationPropertyValueException(PROPERTY, entry,
                            "prefix length must be between 0 and " + address.length * 8);
                }
            }
            ranges.add(new Range(address, bits));
        }
    }

    String clientAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (ranges.isEmpty() || !trusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (java.util.Enumeration<String> headers = request.getHeaders("X-Forwarded-For"); headers != null
                && headers.hasMoreElements();) {
            for (String hop : headers.nextElement().split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (parse(hop) == null) {
                // Garbage in the header: stop at the last address we could vouch for.
                return client;
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean trusted(String ip) {
        byte[] address = parse(ip);
        if (address == null) {
            return false;
        }
        for (Range range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] parse(String ip) {
        if (ip == null || ip.isEmpty() || !LITERAL.matcher(ip).matches()
                || (ip.indexOf(':') < 0 && ip.chars().filter(c -> c == '.').count() != 3)) {
            return null;
        }
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}

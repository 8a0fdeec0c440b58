package com.globalremit.redis.autoconfigure.ratelimit;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The client address of a request. {@code X-Forwarded-For} is believed only when the direct peer is a configured
 * trusted proxy, and then read from the right: each trusted hop is skipped, the first untrusted address is the
 * client (addresses further left could be forged by the client itself). A hop may carry a port
 * ({@code 203.0.113.7:41234}, as some load balancers write it) or IPv6 brackets ({@code [2001:db8::1]},
 * {@code [2001:db8::1]:443}); the client is then the address without them, so one client is one bucket whatever its
 * source port.
 *
 * <p>Only IP literals are parsed, by hand: never a name resolution on the request thread, also not for text that
 * merely looks numeric ({@code 1.2.3.999}), which {@code InetAddress.getByName} would send to DNS.
 */
final class TrustedProxies {

    private static final String PROPERTY = "remit.redis.rate-limit.trusted-proxies";

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
            String hop = withoutPort(hops.get(i));
            if (hop == null || parse(hop) == null) {
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

    /**
     * The address of a forwarded hop without port or brackets: {@code [v6]}, {@code [v6]:port} and
     * {@code v4:port} lose them, a bare IPv6 address stays; {@code null} for a malformed bracket or port.
     */
    static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            if (close < 0) {
                return null;
            }
            String rest = hop.substring(close + 1);
            return rest.isEmpty() || (rest.startsWith(":") && isPort(rest.substring(1))) ? hop.substring(1, close)
                    : null;
        }
        int colon = hop.indexOf(':');
        if (colon >= 0 && colon == hop.lastIndexOf(':')) {
            // One colon: IPv4 with a port (an IPv6 literal has at least two).
            return isPort(hop.substring(colon + 1)) ? hop.substring(0, colon) : null;
        }
        return hop;
    }

    private static boolean isPort(String text) {
        if (text.isEmpty() || text.length() > 5) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(text) <= 65_535;
    }

    /**
     * The bytes of an IPv4 (dotted quad) or IPv6 literal, {@code null} for anything else. No name is ever
     * resolved. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) gives the 4 IPv4 bytes, as
     * {@code InetAddress} does; an IPv6 zone ({@code %eth0}) is ignored.
     */
    static byte[] parse(String ip) {
        if (ip == null || ip.isEmpty()) {
            return null;
        }
        if (ip.indexOf(':') < 0) {
            return parseIpv4(ip);
        }
        byte[] v6 = parseIpv6(ip);
        if (v6 == null) {
            return null;
        }
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return v6;
            }
        }
        if (v6[10] == (byte) 0xff && v6[11] == (byte) 0xff) {
            return new byte[] { v6[12], v6[13], v6[14], v6[15] };
        }
        return v6;
    }

    private static byte[] parseIpv4(String ip) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= ip.length(); i++) {
            char c = i < ip.length() ? ip.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseIpv6(String ip) {
        int zone = ip.indexOf('%');
        String text = zone < 0 ? ip : ip.substring(0, zone);
        if (zone == 0 || (zone > 0 && zone == ip.length() - 1)) {
            return null;
        }
        int dot = text.indexOf('.');
        if (dot >= 0 && dot < text.lastIndexOf(':')) {
            return null; // a dotted IPv4 part is allowed only at the end
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = groups(gap < 0 ? text : text.substring(0, gap));
        List<Integer> tail = gap < 0 ? List.of() : groups(text.substring(gap + 2));
        if (head == null || tail == null) {
            return null;
        }
        int count = head.size() + tail.size();
        if ((gap < 0 && count != 8) || (gap >= 0 && count > 7)) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            out[2 * i] = (byte) (head.get(i) >> 8);
            out[2 * i + 1] = (byte) (int) head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            int at = 8 - tail.size() + i;
            out[2 * at] = (byte) (tail.get(i) >> 8);
            out[2 * at + 1] = (byte) (int) tail.get(i);
        }
        return out;
    }

    /** Colon-separated 16-bit groups, the last of which may be a dotted IPv4 (two groups); null when malformed. */
    private static List<Integer> groups(String text) {
        List<Integer> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && part.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(part);
                if (v4 == null) {
                    return null;
                }
                out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                // ASCII only: Character.digit would also take other scripts' digits.
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0) {
                    return null;
                }
                value = value * 16 + digit;
            }
            out.add(value);
        }
        return out;
    }
}

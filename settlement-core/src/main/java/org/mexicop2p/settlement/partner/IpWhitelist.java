package org.mexicop2p.settlement.partner;

import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A partner's allowed client addresses: single IPs or CIDR ranges, IPv4 or IPv6. Entries are parsed as literals
 * only (never resolved through DNS), so a whitelist can neither trigger lookups nor depend on them.
 */
public final class IpWhitelist {

    /** Most entries a partner may list; keeps the per-request check and the stored column bounded. */
    public static final int MAX_ENTRIES = 50;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private record Range(byte[] network, int prefixBits, String canonical) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixBits / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int restBits = prefixBits % 8;
            if (restBits == 0) {
                return true;
            }
            int mask = (0xFF << (8 - restBits)) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    private final List<Range> ranges;

    private IpWhitelist(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Parses entries such as {@code 1.2.3.4}, {@code 10.0.0.0/8}, {@code 2001:db8::/32}; rejects anything else. */
    public static IpWhitelist parse(List<String> entries) {
        if (entries.size() > MAX_ENTRIES) {
            throw invalid("at most " + MAX_ENTRIES + " entries are allowed");
        }
        List<Range> ranges = new ArrayList<>(entries.size());
        for (String entry : entries) {
            ranges.add(parseEntry(entry));
        }
        return new IpWhitelist(List.copyOf(ranges));
    }

    /** Reads the stored, already validated form. */
    public static IpWhitelist fromStored(List<String> canonicalEntries) {
        return parse(canonicalEntries);
    }

    private static Range parseEntry(String entry) {
        if (entry == null || entry.isEmpty() || entry.length() > 49) {
            throw invalid("each entry is an IP address or CIDR range");
        }
        String[] parts = entry.split("/", -1);
        if (parts.length > 2) {
            throw invalid("'" + entry + "' is not an IP address or CIDR range");
        }
        byte[] address = literal(parts[0], entry);
        int maxBits = address.length * 8;
        int prefix = maxBits;
        if (parts.length == 2) {
            if (!parts[1].matches("\\d{1,3}")) {
                throw invalid("'" + entry + "' has a bad prefix length");
            }
            prefix = Integer.parseInt(parts[1]);
            if (prefix > maxBits) {
                throw invalid("'" + entry + "' has a prefix longer than " + maxBits + " bits");
            }
        }
        String canonical = canonical(address) + (parts.length == 2 ? "/" + prefix : "");
        return new Range(address, prefix, canonical);
    }

    private static byte[] literal(String text, String entry) {
        boolean v4 = IPV4.matcher(text).matches();
        if (v4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw invalid("'" + entry + "' is not an IP address or CIDR range");
                }
            }
        } else if (!(text.indexOf(':') >= 0 && IPV6.matcher(text).matches())) {
            throw invalid("'" + entry + "' is not an IP address or CIDR range");
        }
        try {
            // A literal (checked above) is parsed without any name lookup.
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw invalid("'" + entry + "' is not an IP address or CIDR range");
        }
    }

    private static String canonical(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of impossible length", e);
        }
    }

    private static RejectedException invalid(String message) {
        return new RejectedException(Rejection.VALIDATION_ERROR, "ipWhitelist: " + message);
    }

    /** An empty whitelist allows every address. */
    public boolean allows(InetAddress client) {
        if (ranges.isEmpty()) {
            return true;
        }
        byte[] address = client.getAddress();
        for (Range range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The canonical entries, e.g. for storage and display. */
    public List<String> entries() {
        return ranges.stream().map(Range::canonical).toList();
    }
}

package io.naftiko.skipper.certs;

import java.util.regex.Pattern;

/**
 * Which subject alternative name a server name becomes: an IPv4 literal is an {@code iPAddress} SAN (TLS clients
 * match an address only against those), anything else a {@code dNSName}. IPv6 literals are not taken: how they are
 * written differs between tools, and the certificate's names are compared as text.
 */
public final class AlternativeNames {

    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private AlternativeNames() {
    }

    /** Whether the name is an IPv4 address literal such as {@code 172.17.0.1}. */
    public static boolean isIpAddress(String name) {
        return IPV4.matcher(name).matches();
    }
}

package io.naftiko.skipper.bundler;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a bundle client is: the Warden named by the SPIFFE URI of its client certificate,
 * {@code spiffe://naftiko.io/ns/{namespace}/warden/{name}}.
 *
 * @param namespace the Warden's namespace
 * @param name      the Warden's name
 */
public record WardenIdentity(String namespace, String name) {

    private static final Pattern URI = Pattern.compile("spiffe://naftiko\\.io/ns/([a-z0-9]([-a-z0-9]*[a-z0-9])?)/warden/"
            + "([a-z0-9]([-a-z0-9.]*[a-z0-9])?)");
    /** Subject alternative name type of a URI (RFC 5280). */
    private static final int URI_NAME = 6;

    /** The identity URI put in the Warden's certificate. */
    public String uri() {
        return "spiffe://naftiko.io/ns/" + namespace + "/warden/" + name;
    }

    /** {@code namespace/name}, for logs and labels. */
    @Override
    public String toString() {
        return namespace + "/" + name;
    }

    /** The identity a URI names, if it is a Warden's. */
    public static Optional<WardenIdentity> fromUri(String uri) {
        Matcher matcher = URI.matcher(uri);
        return matcher.matches() ? Optional.of(new WardenIdentity(matcher.group(1), matcher.group(3))) : Optional.empty();
    }

    /** The Warden a client certificate speaks for: its one Warden URI, or none if it has zero or several. */
    public static Optional<WardenIdentity> fromCertificate(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) {
            return Optional.empty();
        }
        List<WardenIdentity> wardens = names.stream()
                .filter(entry -> entry.size() == 2 && Integer.valueOf(URI_NAME).equals(entry.get(0)))
                .map(entry -> fromUri(String.valueOf(entry.get(1))))
                .flatMap(Optional::stream)
                .toList();
        // A certificate naming two Wardens would let one holder read both Wardens' grants: refuse it.
        return wardens.size() == 1 ? Optional.of(wardens.get(0)) : Optional.empty();
    }
}

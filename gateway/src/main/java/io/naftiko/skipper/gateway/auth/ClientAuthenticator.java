package io.naftiko.skipper.gateway.auth;

import java.util.List;
import java.util.Optional;

/** Who a client is, from its {@code Authorization: Bearer …} header. */
@FunctionalInterface
public interface ClientAuthenticator {

    /** The client's subject, or empty when the token is missing or not accepted. */
    Optional<String> subject(String bearerToken);

    /** The first authenticator that accepts a token decides. */
    static ClientAuthenticator firstOf(List<ClientAuthenticator> authenticators) {
        return token -> authenticators.stream().map(a -> a.subject(token)).flatMap(Optional::stream).findFirst();
    }

    /** The token of an {@code Authorization} header value, when it is a bearer token. */
    static Optional<String> bearer(String authorization) {
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}

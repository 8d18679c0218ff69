package io.naftiko.skipper.gateway.auth;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes service-account tokens (and any token the API server authenticates), checked with a TokenReview for the
 * gateway's audience; the subject is the user name the API server reports ({@code system:serviceaccount:ns:name}).
 * Answers are kept for a short while (by the token's digest, never the token), at most {@link #MAX_ENTRIES}.
 */
public final class TokenReviews implements ClientAuthenticator {

    /** Answers kept at once. */
    public static final int MAX_ENTRIES = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(TokenReviews.class);

    private record Answer(Optional<String> subject, Instant until) {
    }

    private final KubernetesClient client;
    private final List<String> audiences;
    private final Clock clock;
    private final Duration keep;
    private final Map<String, Answer> answers = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** Reviews through a client; {@code audiences} empty means the API server's own. */
    public TokenReviews(KubernetesClient client, List<String> audiences, Clock clock, Duration keep) {
        this.client = client;
        this.audiences = List.copyOf(audiences);
        this.clock = clock;
        this.keep = keep;
    }

    @Override
    public Optional<String> subject(String bearerToken) {
        String key = digest(bearerToken);
        Instant now = clock.instant();
        synchronized (answers) {
            Answer known = answers.get(key);
            if (known != null && known.until().isAfter(now)) {
                return known.subject();
            }
        }
        Optional<String> subject;
        try {
            TokenReview review = client.resource(new TokenReviewBuilder().withNewSpec().withToken(bearerToken)
                    .withAudiences(audiences.isEmpty() ? null : audiences).endSpec().build()).create();
            boolean ok = review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAuthenticated());
            subject = ok ? Optional.ofNullable(review.getStatus().getUser()).map(u -> u.getUsername()) : Optional.empty();
        } catch (KubernetesClientException e) {
            // Not cached: the next request asks again.
            LOG.warn("TokenReview failed (HTTP {}); the client is not authenticated", e.getCode());
            return Optional.empty();
        }
        synchronized (answers) {
            answers.put(key, new Answer(subject, now.plus(keep)));
        }
        return subject;
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

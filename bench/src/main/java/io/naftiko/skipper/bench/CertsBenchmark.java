package io.naftiko.skipper.bench;

import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.certs.CertificateAuthority;
import io.naftiko.skipper.certs.CertificateUsage;
import io.naftiko.skipper.certs.KeyAlgorithm;
import io.naftiko.skipper.certs.LeafRequest;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Leaf certificates issued per second, ECDSA P-256 and RSA 2048, with a new key each (what a Warden's
 * first certificate costs) and re-signing an existing key (a renewal). One thread; run with
 * {@code java -cp bench/target/skipper-bench.jar io.naftiko.skipper.bench.CertsBenchmark [SECONDS]}.
 */
public final class CertsBenchmark {

    private CertsBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Clock clock = SystemClock.utc();
        System.out.println("| CA and leaf key | new key + certificate (/s) | renewal, same key (/s) |");
        System.out.println("|---|---|---|");
        for (KeyAlgorithm algorithm : List.of(KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048)) {
            CertificateAuthority ca = CertificateAuthority.create("bench-ca", algorithm, Duration.ofDays(365), clock);
            LeafRequest request = new LeafRequest("warden", List.of(), List.of("spiffe://naftiko.io/ns/bench/warden/w"),
                    Duration.ofDays(30), CertificateUsage.CLIENT, algorithm);
            KeyPair existing = algorithm.generate(new SecureRandom());
            // Warm-up, then measure.
            rate(() -> ca.issue(request, clock), 2);
            rate(() -> ca.issue(request, existing, clock), 2);
            double fresh = rate(() -> ca.issue(request, clock), seconds);
            double renewal = rate(() -> ca.issue(request, existing, clock), seconds);
            System.out.printf("| %s | %.0f | %.0f |%n", algorithm, fresh, renewal);
        }
    }

    private static double rate(Runnable issue, int seconds) {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        long count = 0;
        while (System.nanoTime() < end) {
            issue.run();
            count++;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }
}

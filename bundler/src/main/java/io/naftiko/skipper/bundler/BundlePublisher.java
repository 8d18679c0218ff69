package io.naftiko.skipper.bundler;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Turns a bundle's sources into the revision served: builds and signs them when their content or the
 * signing key changed, and keeps the previous revision served when they are not a valid bundle, remembering
 * why for status and logs.
 */
public final class BundlePublisher {

    /** Largest total size of a bundle's files by default, as for bundles read back. */
    public static final long DEFAULT_MAX_SOURCE_BYTES = BundleArchive.MAX_BYTES;

    private final BundleStore store;
    private final Supplier<SigningKey> signingKey;
    private final long maxSourceBytes;
    private final Map<String, String> problems = new ConcurrentHashMap<>();

    /**
     * A publisher into a store.
     *
     * @param store          where bundles are served from
     * @param signingKey     the key to sign with now (it may change with a key rotation)
     * @param maxSourceBytes the largest total size of a bundle's files
     */
    public BundlePublisher(BundleStore store, Supplier<SigningKey> signingKey, long maxSourceBytes) {
        this.store = store;
        this.signingKey = signingKey;
        this.maxSourceBytes = maxSourceBytes;
    }

    /** Builds, signs and serves the snapshot's content, unless it is what is served already. */
    public synchronized PublishOutcome publish(BundleSnapshot snapshot) {
        Optional<ServedBundle> served = store.current(snapshot.name());
        SigningKey key = signingKey.get();
        try {
            long total = snapshot.files().values().stream().mapToLong(content -> content.length).sum();
            if (total > maxSourceBytes) {
                throw new BundleException("bundle " + snapshot.name() + ": its files take " + total + " bytes, over the limit of "
                        + maxSourceBytes);
            }
            if (snapshot.files().isEmpty()) {
                throw new BundleException("bundle " + snapshot.name() + ": no .rego or data file");
            }
            String revision = BundleBuilder.contentRevision(snapshot.files());
            if (served.isPresent() && served.get().revision().equals(revision) && served.get().keyId().equals(key.keyId())) {
                problems.remove(snapshot.name());
                return new PublishOutcome(snapshot.name(), PublishOutcome.Result.UNCHANGED, revision, "already served");
            }
            byte[] bytes = BundleBuilder.build(snapshot.files(), snapshot.roots(), revision, key, snapshot.contentTime());
            store.publish(new ServedBundle(snapshot.name(), revision, "\"" + BundleHashes.sha256Hex(bytes) + "\"", bytes,
                    key.keyId(), snapshot.contentTime()));
            problems.remove(snapshot.name());
            return new PublishOutcome(snapshot.name(), PublishOutcome.Result.PUBLISHED, revision,
                    snapshot.files().size() + " files, " + bytes.length + " bytes, signed " + key.algorithm() + " by " + key.keyId());
        } catch (BundleException e) {
            return reject(snapshot.name(), e.getMessage());
        }
    }

    /** Records that a bundle's sources could not even be read; the previous revision (if any) stays served. */
    public PublishOutcome reject(String bundle, String problem) {
        problems.put(bundle, problem);
        Optional<String> served = store.current(bundle).map(ServedBundle::revision);
        return new PublishOutcome(bundle, PublishOutcome.Result.REJECTED, served.orElse(""), problem
                + served.map(revision -> " (still serving revision " + revision + ")").orElse(" (nothing served yet)"));
    }

    /** Why a bundle's latest sources were rejected, if they were. */
    public Optional<String> problem(String bundle) {
        return Optional.ofNullable(problems.get(bundle));
    }
}

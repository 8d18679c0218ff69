package io.naftiko.skipper.reconciler.write;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Read-modify-write of a status that another writer may change between the read and the write (a Warden's status:
 * the certificate pass writes its expiry while Warden instances report): a 409 is retried from a fresh read, a few
 * times, instead of failing the pass. The edit must be built from the latest object, as fabric8's edit does.
 */
public final class Conflicts {

    /** How many writes are tried before the conflict is the caller's. */
    public static final int ATTEMPTS = 3;
    private static final int CONFLICT = 409;

    private Conflicts() {
    }

    /** Runs {@code edit} until it does not conflict, at most {@value #ATTEMPTS} times; rethrows the last conflict. */
    public static void retrying(Runnable edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                edit.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != CONFLICT || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}

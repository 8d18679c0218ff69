package io.naftiko.skipper.certs;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import java.util.Optional;

/** Key types Skipper issues: ECDSA P-256 by default, RSA of 2048 bits or more on request. */
public enum KeyAlgorithm {
    /** ECDSA on NIST P-256, signed with SHA-256. */
    EC_P256("EC", 256, "SHA256withECDSA"),
    /** RSA 2048, signed with SHA-256. */
    RSA_2048("RSA", 2048, "SHA256withRSA"),
    /** RSA 3072, signed with SHA-256. */
    RSA_3072("RSA", 3072, "SHA256withRSA"),
    /** RSA 4096, signed with SHA-256. */
    RSA_4096("RSA", 4096, "SHA256withRSA");

    private final String family;
    private final int bits;
    private final String signatureAlgorithm;

    KeyAlgorithm(String family, int bits, String signatureAlgorithm) {
        this.family = family;
        this.bits = bits;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** JCA key family: {@code EC} or {@code RSA}. */
    public String family() {
        return family;
    }

    /** Key size in bits. */
    public int bits() {
        return bits;
    }

    /** Signature algorithm used when a key of this type signs a certificate. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** A new key pair. */
    public KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(family);
            if (this == EC_P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            } else {
                generator.initialize(bits, random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides " + this, e);
        }
    }

    /** Parses {@code ecdsa-p256}, {@code rsa-2048}, {@code rsa-3072}, {@code rsa-4096} (any case, {@code _} or {@code -}). */
    public static Optional<KeyAlgorithm> parse(String name) {
        String normalized = name.toUpperCase(Locale.ROOT).replace('-', '_').replace("ECDSA_", "EC_");
        for (KeyAlgorithm algorithm : values()) {
            if (algorithm.name().equals(normalized)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** The algorithm of an existing public key, when it is one Skipper issues. */
    public static Optional<KeyAlgorithm> of(PublicKey key) {
        if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
            return Optional.of(EC_P256);
        }
        if (key instanceof RSAPublicKey rsa) {
            int size = rsa.getModulus().bitLength();
            for (KeyAlgorithm algorithm : values()) {
                if (algorithm.family.equals("RSA") && algorithm.bits == size) {
                    return Optional.of(algorithm);
                }
            }
        }
        return Optional.empty();
    }

    /** Key strength in comparable units: RSA bits, or the RSA size of equal strength for EC (P-256 ≈ RSA 3072). */
    public static int strength(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            int field = ec.getParams().getCurve().getField().getFieldSize();
            return field >= 384 ? 7680 : field >= 256 ? 3072 : 1024;
        }
        return 0;
    }
}

package io.naftiko.skipper.bundler;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import io.naftiko.skipper.api.Mappers;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies a bundle as OPA does: exactly one JWS in {@code .signatures.json}, signed with the
 * configured key and algorithm, the right scope, every file of the bundle signed with a matching
 * hash and every signed file present. Each failure has its own message.
 */
public final class BundleVerifier {

    /** The signatures file. */
    public static final String SIGNATURES = ".signatures.json";
    private static final Set<String> ALGORITHMS = Set.of("RS256", "PS256", "ES256");

    private BundleVerifier() {
    }

    /**
     * Verifies with the key the signature names, as OPA does with its {@code keys}: the JWS {@code kid} picks the
     * key, or {@code configuredKeyId} when the token names none. Returns the signed file hashes by path.
     */
    public static Map<String, String> verify(Map<String, byte[]> files, Map<String, VerificationKey> keys,
                                             String configuredKeyId) throws BundleException {
        String kid = Optional.ofNullable(token(files).getHeader().getKeyID()).orElse(configuredKeyId);
        VerificationKey key = keys.get(kid);
        if (key == null) {
            throw new BundleException(SIGNATURES + ": signed with key id '" + kid + "', which is not among the trusted keys "
                    + new TreeSet<>(keys.keySet()));
        }
        return verify(files, key);
    }

    private static JWSObject token(Map<String, byte[]> files) throws BundleException {
        byte[] signatures = files.get(SIGNATURES);
        if (signatures == null) {
            throw new BundleException(SIGNATURES + ": missing: the bundle is not signed");
        }
        JsonNode tokens;
        try {
            tokens = Mappers.json().readTree(signatures).path("signatures");
        } catch (IOException e) {
            throw new BundleException(SIGNATURES + ": not JSON: " + e.getMessage(), e);
        }
        if (!tokens.isArray() || tokens.isEmpty()) {
            throw new BundleException(SIGNATURES + ": no signature");
        }
        if (tokens.size() > 1) {
            throw new BundleException(SIGNATURES + ": multiple JWTs not supported (expected exactly one)");
        }
        try {
            return JWSObject.parse(tokens.get(0).asText());
        } catch (ParseException e) {
            throw new BundleException(SIGNATURES + ": not a compact JWS: " + e.getMessage(), e);
        }
    }

    /** Verifies; returns the signed file hashes by path. */
    public static Map<String, String> verify(Map<String, byte[]> files, VerificationKey key) throws BundleException {
        JWSObject jws = token(files);
        if (!jws.getHeader().getAlgorithm().getName().equals(key.algorithm())) {
            throw new BundleException(SIGNATURES + ": failed to verify signature: signed with " + jws.getHeader().getAlgorithm()
                    + ", but the verification key is for " + key.algorithm());
        }
        String kid = jws.getHeader().getKeyID();
        if (kid != null && key.keyId().isPresent() && !kid.equals(key.keyId().get())) {
            throw new BundleException(SIGNATURES + ": signed with key id '" + kid + "', expected '" + key.keyId().get() + "'");
        }
        try {
            if (!jws.verify(verifier(key)) && !pssWithMaximumSalt(jws, key)) {
                throw new BundleException(SIGNATURES + ": failed to verify signature");
            }
        } catch (JOSEException e) {
            throw new BundleException(SIGNATURES + ": failed to verify signature: " + e.getMessage(), e);
        }
        JsonNode payload;
        try {
            payload = Mappers.json().readTree(jws.getPayload().toBytes());
        } catch (IOException e) {
            throw new BundleException(SIGNATURES + ": the signed payload is not JSON", e);
        }
        if (key.scope().isPresent() && !key.scope().get().equals(payload.path("scope").asText(null))) {
            throw new BundleException(SIGNATURES + ": scope mismatch: expected '" + key.scope().get() + "', signed '"
                    + payload.path("scope").asText("") + "'");
        }
        Map<String, String> signed = new LinkedHashMap<>();
        for (JsonNode file : payload.path("files")) {
            if (!BundleHashes.ALGORITHM.equals(file.path("algorithm").asText())) {
                throw new BundleException(file.path("name").asText() + ": unsupported hash algorithm " + file.path("algorithm").asText());
            }
            signed.put(file.path("name").asText().replaceFirst("^/+", ""), file.path("hash").asText());
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (file.getKey().equals(SIGNATURES)) {
                continue;
            }
            String expected = signed.get(file.getKey());
            if (expected == null) {
                throw new BundleException("file " + file.getKey() + " not included in bundle signature");
            }
            if (!expected.equals(BundleHashes.hash(file.getKey(), file.getValue()))) {
                throw new BundleException(file.getKey() + ": digest mismatch");
            }
        }
        for (String name : signed.keySet()) {
            if (!files.containsKey(name)) {
                throw new BundleException("file " + name + " is signed but missing from the bundle");
            }
        }
        return signed;
    }

    /**
     * OPA (Go) signs PS256 with the largest salt the key allows, where JOSE libraries expect a salt as
     * long as the hash; Go's verifier accepts either, so this one does too.
     */
    private static boolean pssWithMaximumSalt(JWSObject jws, VerificationKey key) {
        if (!key.algorithm().equals("PS256") || !(key.key() instanceof RSAPublicKey rsa)) {
            return false;
        }
        try {
            int emLength = (rsa.getModulus().bitLength() - 1 + 7) / 8;
            Signature verifier = Signature.getInstance("RSASSA-PSS");
            verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, emLength - 32 - 2, 1));
            verifier.initVerify(rsa);
            verifier.update(jws.getSigningInput());
            return verifier.verify(jws.getSignature().decode());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static JWSVerifier verifier(VerificationKey key) throws BundleException, JOSEException {
        if (!ALGORITHMS.contains(key.algorithm())) {
            throw new BundleException("unsupported signing algorithm " + key.algorithm() + " (RS256, PS256, ES256)");
        }
        if (key.algorithm().equals("ES256")) {
            if (!(key.key() instanceof ECPublicKey ec)) {
                throw new BundleException("ES256 needs an EC public key");
            }
            return new ECDSAVerifier(ec);
        }
        if (!(key.key() instanceof RSAPublicKey rsa)) {
            throw new BundleException(key.algorithm() + " needs an RSA public key");
        }
        return new RSASSAVerifier(rsa);
    }
}

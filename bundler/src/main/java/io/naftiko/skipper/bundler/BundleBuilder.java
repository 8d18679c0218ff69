package io.naftiko.skipper.bundler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.bundler.rego.RegoSyntax;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds an OPA bundle from files: a {@code .manifest} with a content revision and roots, a
 * {@code .signatures.json} with one JWS over every file's hash, and a {@code tar.gz} whose bytes depend
 * on the content only (sorted entries, mtime 0, owner 0, mode 0600, a fixed gzip header), so every
 * replica serves the same ETag.
 */
public final class BundleBuilder {

    private BundleBuilder() {
    }

    /**
     * Builds and signs a bundle.
     *
     * @param files    path (no leading slash) to content: {@code .rego} files and {@code data.json}/{@code data.yaml}
     * @param roots    the bundle's roots
     * @param revision the revision, or empty to use a digest of the content
     * @param signing  the key to sign with
     * @param issuedAt the signature's {@code iat}
     */
    public static byte[] build(Map<String, byte[]> files, List<String> roots, String revision, SigningKey signing,
                               Instant issuedAt) throws BundleException {
        Map<String, byte[]> sorted = new TreeMap<>(files);
        for (Map.Entry<String, byte[]> file : sorted.entrySet()) {
            requireUtf8Rego(file.getKey(), file.getValue());
            // Fails early, naming the file, if a data file does not parse.
            BundleHashes.hash(file.getKey(), file.getValue());
        }
        ObjectNode manifest = Mappers.json().createObjectNode();
        manifest.put("revision", revision == null || revision.isEmpty() ? contentRevision(sorted) : revision);
        ArrayNode rootList = manifest.putArray("roots");
        roots.forEach(rootList::add);
        sorted.put(".manifest", manifest.toString().getBytes(StandardCharsets.UTF_8));
        sorted.put(BundleVerifier.SIGNATURES, signatures(sorted, signing, issuedAt));
        return tarGz(sorted);
    }

    /** A policy file is UTF-8 Rego v1 that OPA parses, or the bundle is not built: OPA would refuse to activate it. */
    private static void requireUtf8Rego(String name, byte[] content) throws BundleException {
        if (name.endsWith(".rego")) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
            } catch (CharacterCodingException e) {
                throw new BundleException(name + ": not UTF-8 text", e);
            }
            Optional<RegoSyntax.SyntaxError> error = RegoSyntax.check(text);
            if (error.isPresent()) {
                throw new BundleException(error.get().describe(name) + " (not valid Rego; nothing signed)");
            }
        }
    }

    /** The revision of content: a SHA-256 over every path and file hash, in order. */
    public static String contentRevision(Map<String, byte[]> files) throws BundleException {
        StringBuilder all = new StringBuilder();
        for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
            all.append(file.getKey()).append('\0').append(BundleHashes.hash(file.getKey(), file.getValue())).append('\n');
        }
        return BundleHashes.hash("revision", all.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    private static byte[] signatures(Map<String, byte[]> files, SigningKey signing, Instant issuedAt) throws BundleException {
        ObjectNode payload = Mappers.json().createObjectNode();
        ArrayNode list = payload.putArray("files");
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            list.addObject().put("name", file.getKey()).put("hash", BundleHashes.hash(file.getKey(), file.getValue()))
                    .put("algorithm", BundleHashes.ALGORITHM);
        }
        signing.scope().ifPresent(scope -> payload.put("scope", scope));
        payload.put("iat", issuedAt.getEpochSecond());
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.parse(signing.algorithm())).keyID(signing.keyId()).build(),
                    new Payload(payload.toString()));
            jws.sign(signer(signing));
            ObjectNode signatures = Mappers.json().createObjectNode();
            signatures.putArray("signatures").add(jws.serialize());
            return signatures.toString().getBytes(StandardCharsets.UTF_8);
        } catch (JOSEException e) {
            throw new BundleException("cannot sign the bundle with " + signing.algorithm() + ": " + e.getMessage(), e);
        }
    }

    private static JWSSigner signer(SigningKey signing) throws BundleException, JOSEException {
        return switch (signing.algorithm()) {
            case "RS256", "PS256" -> new RSASSASigner(signing.key());
            case "ES256" -> {
                if (!(signing.key() instanceof ECPrivateKey ec)) {
                    throw new BundleException("ES256 needs an EC private key");
                }
                yield new ECDSASigner(ec);
            }
            default -> throw new BundleException("unsupported signing algorithm " + signing.algorithm() + " (RS256, PS256, ES256)");
        };
    }

    private static byte[] tarGz(Map<String, byte[]> files) throws BundleException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // GZIPOutputStream writes a fixed header: no name, mtime 0, OS "unknown" is not settable but constant per JDK.
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes) {
                {
                    def.setLevel(Deflater.BEST_COMPRESSION);
                }
            };
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            List<String> order = new ArrayList<>(files.keySet());
            for (String path : order) {
                byte[] content = files.get(path);
                // A leading slash, as OPA writes its own bundles.
                TarArchiveEntry entry = new TarArchiveEntry("/" + path, true);
                entry.setSize(content.length);
                entry.setMode(0100600);
                entry.setModTime(0);
                entry.setUserId(0);
                entry.setGroupId(0);
                entry.setUserName("");
                entry.setGroupName("");
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new BundleException("cannot write the bundle: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }
}

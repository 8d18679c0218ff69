package io.naftiko.skipper.bundler.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.bundler.BundleArchive;
import io.naftiko.skipper.bundler.BundleException;
import io.naftiko.skipper.bundler.BundleVerifier;
import io.naftiko.skipper.bundler.VerificationKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;

/**
 * A bundle client that behaves as OPA's bundle plugin does: downloads over mTLS with
 * {@code If-None-Match} and {@code Prefer: wait=N}, verifies the signature with the key the token names,
 * and reports status. The demo's Warden and the tests use it; real Wardens run OPA itself.
 */
public final class WardenClient {

    private final URI server;
    private final HttpClient http;

    /** A client of the bundle server at {@code server}, presenting the client certificate in {@code mtls}. */
    public WardenClient(URI server, SSLContext mtls) {
        this.server = server;
        this.http = HttpClient.newBuilder().sslContext(mtls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * One answer of {@code GET /bundles/{name}}.
     *
     * @param status      the HTTP status
     * @param etag        the entity tag, or empty
     * @param contentType the content type, or empty
     * @param body        the bytes (the bundle on a 200)
     */
    public record Download(int status, String etag, String contentType, byte[] body) {

        /** The body as text, for error answers. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * The answer to a decision-log upload.
     *
     * @param status     the HTTP status (200 once stored)
     * @param retryAfter the {@code Retry-After} header, on 429 and 503
     * @param text       the server's reason, on a refusal
     */
    public record UploadAnswer(int status, Optional<String> retryAfter, String text) {
    }

    /**
     * A verified bundle.
     *
     * @param etag     its entity tag
     * @param files    its files by path
     * @param revision the manifest's revision
     * @param signed   the signed file hashes
     */
    public record ActiveBundle(String etag, Map<String, byte[]> files, String revision, Map<String, String> signed) {
    }

    /** Downloads a bundle; with {@code wait}, a long poll from {@code etag}. */
    public CompletableFuture<Download> download(String bundle, Optional<String> etag, Optional<Duration> wait) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/bundles/" + bundle))
                .timeout(wait.orElse(Duration.ZERO).plusSeconds(30)).GET();
        etag.ifPresent(tag -> request.header("If-None-Match", tag));
        wait.ifPresent(seconds -> request.header("Prefer", "modes=long-polling,wait=" + seconds.toSeconds()));
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new Download(response.statusCode(), response.headers().firstValue("ETag").orElse(""),
                        response.headers().firstValue("Content-Type").orElse(""), response.body()));
    }

    /** Downloads a bundle and verifies it as OPA would; fails with the server's or the verifier's reason. */
    public ActiveBundle pull(String bundle, Map<String, VerificationKey> keys, String configuredKeyId)
            throws IOException, BundleException {
        Download download = download(bundle, Optional.empty(), Optional.empty()).join();
        if (download.status() != 200) {
            throw new IOException("GET /bundles/" + bundle + ": " + download.status() + " " + download.text());
        }
        return activate(download, keys, configuredKeyId);
    }

    /** Verifies a downloaded bundle. */
    public static ActiveBundle activate(Download download, Map<String, VerificationKey> keys, String configuredKeyId)
            throws BundleException {
        Map<String, byte[]> files = BundleArchive.read(download.body());
        Map<String, String> signed = BundleVerifier.verify(files, keys, configuredKeyId);
        String revision;
        try {
            revision = Mappers.json().readTree(files.getOrDefault(".manifest", "{}".getBytes(StandardCharsets.UTF_8)))
                    .path("revision").asText("");
        } catch (IOException e) {
            throw new BundleException(".manifest: not JSON: " + e.getMessage(), e);
        }
        return new ActiveBundle(download.etag(), files, revision, signed);
    }

    /** Reports the active revisions, as OPA's status plugin does; returns the HTTP status. */
    public int reportStatus(String instanceId, Map<String, String> activeRevisions) throws IOException, InterruptedException {
        ObjectNode report = Mappers.json().createObjectNode();
        report.putObject("labels").put("id", instanceId).put("version", "skipper-warden-client");
        ObjectNode bundles = report.putObject("bundles");
        activeRevisions.forEach((name, revision) -> bundles.putObject(name).put("name", name).put("active_revision", revision));
        String body = report.toString();
        return http.send(HttpRequest.newBuilder(server.resolve("/status")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * Uploads decision-log events as OPA does: {@code POST /logs} with a gzip JSON array.
     *
     * @return the status, and the server's reason as the body
     */
    public UploadAnswer uploadDecisions(List<ObjectNode> events) throws IOException, InterruptedException {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzip)) {
            Mappers.json().writeValue(out, events);
        }
        return uploadDecisionLog(gzip.toByteArray(), Optional.of("gzip"));
    }

    /** Uploads a decision-log body as given, with its {@code Content-Encoding} if any; returns the status and answer. */
    public UploadAnswer uploadDecisionLog(byte[] body, Optional<String> contentEncoding) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/logs")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        contentEncoding.ifPresent(encoding -> request.header("Content-Encoding", encoding));
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new UploadAnswer(response.statusCode(), response.headers().firstValue("Retry-After"),
                new String(response.body(), StandardCharsets.UTF_8));
    }

    /** Fetches a Warden's OPA configuration; returns the HTTP status and body. */
    public Download configuration(String namespace, String name) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(server.resolve("/wardens/" + namespace + "/" + name
                + "/config")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Download(response.statusCode(), "", response.headers().firstValue("Content-Type").orElse(""), response.body());
    }
}

package io.naftiko.skipper.tls;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where a server command listens and what it serves: {@code --port}, {@code --host} and the certificate options. */
public final class ServerOptions {

    @Option(names = "--port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ServingCertificateOptions certificates;

    /** The port. */
    public int port() {
        return port;
    }

    /** The address. */
    public String host() {
        return host;
    }

    /** The serving certificate's options. */
    public ServingCertificateOptions certificates() {
        return certificates;
    }
}

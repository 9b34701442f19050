package dev.scalewise.serve;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server KEDA calls and the {@code /metrics} endpoint. Both bind 127.0.0.1 by default; any other address
 * needs {@code allowRemote} and, for gRPC, TLS (a PEM certificate chain and key, as KEDA's {@code caCert},
 * {@code tlsClientCert} settings expect). Inbound messages are limited to 64 KiB and calls run on a fixed pool.
 */
public final class ScalerServer implements AutoCloseable {
    static final int MAX_MESSAGE = 64 << 10;

    /**
     * Where and how to listen.
     *
     * @param host        address to bind (127.0.0.1 by default)
     * @param port        gRPC port (0: any free one)
     * @param metricsPort {@code /metrics} port (0: any free one; -1: none)
     * @param allowRemote required for a non-loopback host
     * @param tlsCert     PEM certificate chain (null: plaintext, loopback only)
     * @param tlsKey      PEM private key
     */
    public record Listen(String host, int port, int metricsPort, boolean allowRemote, Path tlsCert, Path tlsKey) {
        public Listen {
            host = host == null ? "127.0.0.1" : host;
            if (port < 0 || port > 65535 || metricsPort < -1 || metricsPort > 65535) {
                throw new IllegalArgumentException("--port and --metrics-port must be in 0..65535");
            }
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            }
            for (Path p : new Path[] {tlsCert, tlsKey}) {
                if (p != null && !Files.isReadable(p)) {
                    throw new IllegalArgumentException("--tls-cert/--tls-key " + p + ": not a readable file");
                }
            }
        }

        public static Listen loopback(int port, int metricsPort) {
            return new Listen("127.0.0.1", port, metricsPort, false, null, null);
        }
    }

    private final Server grpc;
    private final HTTPServer metricsServer;
    private final ExecutorService executor;

    private ScalerServer(Server grpc, HTTPServer metricsServer, ExecutorService executor) {
        this.grpc = grpc;
        this.metricsServer = metricsServer;
        this.executor = executor;
    }

    /** Starts both servers; a non-loopback host without {@code allowRemote} and TLS is refused. */
    public static ScalerServer start(ExternalScaler scaler, ScalerMetrics metrics, Listen listen) throws IOException {
        InetAddress addr = InetAddress.getByName(listen.host());
        if (!addr.isLoopbackAddress()) {
            if (!listen.allowRemote()) {
                throw new IllegalArgumentException("--host " + listen.host()
                        + " is not a loopback address: add --allow-remote (with --tls-cert and --tls-key)");
            }
            if (listen.tlsCert() == null) {
                throw new IllegalArgumentException("--host " + listen.host() + " needs TLS: --tls-cert and --tls-key");
            }
        }
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 2),
                r -> {
                    Thread t = new Thread(r, "scalewise-grpc");
                    t.setDaemon(true);
                    return t;
                });
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(addr, listen.port()))
                .addService(scaler).executor(executor).maxInboundMessageSize(MAX_MESSAGE)
                .maxInboundMetadataSize(16 << 10).maxConcurrentCallsPerConnection(1000);
        if (listen.tlsCert() != null) {
            b.useTransportSecurity(listen.tlsCert().toFile(), listen.tlsKey().toFile());
        }
        Server grpc = b.build().start();
        HTTPServer http = null;
        if (listen.metricsPort() >= 0) {
            try {
                http = HTTPServer.builder().inetAddress(addr).port(listen.metricsPort()).registry(metrics.registry())
                        .authenticator(new HostCheck(addr.isLoopbackAddress())).buildAndStart();
            } catch (IOException | RuntimeException e) {
                grpc.shutdownNow();
                executor.shutdownNow();
                throw e;
            }
        }
        return new ScalerServer(grpc, http, executor);
    }

    /** Refuses a {@code /metrics} request whose Host header is not a loopback name when bound to loopback. */
    static final class HostCheck extends Authenticator {
        private final boolean loopbackOnly;

        HostCheck(boolean loopbackOnly) {
            this.loopbackOnly = loopbackOnly;
        }

        @Override
        public Result authenticate(HttpExchange exchange) {
            if (!loopbackOnly) {
                return new Success(new com.sun.net.httpserver.HttpPrincipal("metrics", "scalewise"));
            }
            String host = exchange.getRequestHeaders().getFirst("Host");
            String name = host == null ? "" : host.replaceFirst(":\\d+$", "");
            boolean ok = name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
            return ok ? new Success(new com.sun.net.httpserver.HttpPrincipal("metrics", "scalewise")) : new Failure(403);
        }
    }

    public int port() {
        return grpc.getPort();
    }

    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.getPort();
    }

    public void awaitTermination() throws InterruptedException {
        grpc.awaitTermination();
    }

    @Override
    public void close() {
        grpc.shutdown();
        try {
            if (!grpc.awaitTermination(2, TimeUnit.SECONDS)) {
                grpc.shutdownNow();
            }
        } catch (InterruptedException e) {
            grpc.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
        executor.shutdownNow();
    }
}

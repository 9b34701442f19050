package dev.scalewise.serve;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server KEDA calls and the {@code /metrics} endpoint. Both bind 127.0.0.1 by default; any other address
 * needs {@code allowRemote} and, for gRPC, TLS (a PEM certificate chain and key, which KEDA checks with its
 * trigger's {@code caCert}); with a client CA, callers must present a certificate it signed (KEDA's
 * {@code tlsClientCert}/{@code tlsClientKey}). Inbound messages are limited to 64 KiB.
 *
 * <p>Calls run on the transport's event-loop threads ({@code directExecutor}): every handler answers from memory
 * without blocking (the one Prometheus read, for a ScaledObject's first call, is handed to a worker by
 * {@link ExternalScaler}), so a call costs no hand-off to another thread.
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
     * @param tlsClientCa PEM CA certificate(s) that must have signed a caller's certificate (null: no client
     *                    certificate asked)
     */
    public record Listen(String host, int port, int metricsPort, boolean allowRemote, Path tlsCert, Path tlsKey,
                         Path tlsClientCa) {
        public Listen {
            host = host == null ? "127.0.0.1" : host;
            if (port < 0 || port > 65535 || metricsPort < -1 || metricsPort > 65535) {
                throw new IllegalArgumentException("--port and --metrics-port must be in 0..65535");
            }
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            }
            if (tlsClientCa != null && tlsCert == null) {
                throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key");
            }
            for (Path p : new Path[] {tlsCert, tlsKey, tlsClientCa}) {
                if (p != null && !Files.isReadable(p)) {
                    throw new IllegalArgumentException((p == tlsCert ? "--tls-cert " : p == tlsKey ? "--tls-key "
                            : "--tls-client-ca ") + p + ": not a readable file");
                }
            }
        }

        /** Without a client CA: any client that trusts the certificate may call. */
        public Listen(String host, int port, int metricsPort, boolean allowRemote, Path tlsCert, Path tlsKey) {
            this(host, port, metricsPort, allowRemote, tlsCert, tlsKey, null);
        }

        public static Listen loopback(int port, int metricsPort) {
            return new Listen("127.0.0.1", port, metricsPort, false, null, null);
        }
    }

    private final Server grpc;
    private final HTTPServer metricsServer;
    private ScalerServer(Server grpc, HTTPServer metricsServer) {
        this.grpc = grpc;
        this.metricsServer = metricsServer;
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
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(addr, listen.port()))
                .addService(ServerInterceptors.intercept(scaler, new Timing(metrics))).directExecutor().maxInboundMessageSize(MAX_MESSAGE)
                .maxInboundMetadataSize(16 << 10).maxConcurrentCallsPerConnection(1000);
        if (listen.tlsCert() != null) {
            try {
                var ssl = GrpcSslContexts.forServer(listen.tlsCert().toFile(), listen.tlsKey().toFile());
                if (listen.tlsClientCa() != null) {
                    ssl.trustManager(listen.tlsClientCa().toFile()).clientAuth(ClientAuth.REQUIRE);
                }
                b.sslContext(ssl.build());
            } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("--tls-cert " + listen.tlsCert() + " / --tls-key " + listen.tlsKey()
                        + (listen.tlsClientCa() != null ? " / --tls-client-ca " + listen.tlsClientCa() : "")
                        + ": " + oneLine(e), e);
            }
        }
        Server grpc = b.build().start();
        HTTPServer http = null;
        if (listen.metricsPort() >= 0) {
            try {
                http = HTTPServer.builder().inetAddress(addr).port(listen.metricsPort()).registry(metrics.registry())
                        .authenticator(new HostCheck(addr.isLoopbackAddress())).buildAndStart();
            } catch (IOException | RuntimeException e) {
                grpc.shutdownNow();
                throw e;
            }
        }
        return new ScalerServer(grpc, http);
    }

    /** The message of {@code e} and its causes, as one line (PEM parsing errors hide the reason in a cause). */
    private static String oneLine(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null && sb.length() < 300; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            if (sb.indexOf(m) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
        }
        return sb.toString().replace('\n', ' ');
    }

    /**
     * Times each unary call on the server, from its request's arrival at the service (parsed) to its answer's
     * hand-off to the transport (the handler, the decision read, the answer serialized):
     * {@code scalewise_grpc_seconds{method}}. The network and HTTP/2 framing on either side are the client's round
     * trip. The stream {@code StreamIsActive} is not timed (it lasts as long as KEDA listens).
     */
    static final class Timing implements ServerInterceptor {
        private final ScalerMetrics metrics;

        Timing(ScalerMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                           ServerCallHandler<Q, A> next) {
            if (call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY) {
                return next.startCall(call, headers);
            }
            String method = call.getMethodDescriptor().getBareMethodName();
            long[] start = {0};
            ServerCall.Listener<Q> listener = next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    if (start[0] != 0) {
                        metrics.grpcSeconds(method, System.nanoTime() - start[0]);
                    }
                    super.close(status, trailers);
                }
            }, headers);
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
                @Override
                public void onMessage(Q message) {
                    start[0] = System.nanoTime();
                    super.onMessage(message);
                }
            };
        }
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
    }
}

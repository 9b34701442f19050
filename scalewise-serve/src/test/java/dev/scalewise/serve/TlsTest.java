package dev.scalewise.serve;

import dev.scalewise.serve.grpc.ExternalScalerGrpc;
import dev.scalewise.serve.grpc.ScaledObjectRef;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scaler over TLS (grpc-netty-shaded with a PEM certificate and key), as KEDA connects with caCert. */
class TlsTest {

    @Test
    void answersOverTlsAndRefusesPlaintext(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("openssl: %s", log).isZero();
        ServeConfig cfg = ServeConfig.defaults();
        ScalerMetrics metrics = new ScalerMetrics();
        SampleSource source = (t, time) -> new LiveSample(time, 10, 2, 2, 0, null, null, null);
        try (ExternalScaler scaler = new ExternalScaler(cfg, ServedPolicy.named("threshold", cfg), source,
                DecisionLog.open(null), metrics, () -> System.currentTimeMillis() / 1000.0);
             ScalerServer server = ScalerServer.start(scaler, metrics,
                     new ScalerServer.Listen("127.0.0.1", 0, -1, false, cert, key))) {
            ManagedChannel tls = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                    .sslContext(GrpcSslContexts.forClient().trustManager(cert.toFile()).build()).build();
            ManagedChannel plain = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            try {
                ScaledObjectRef ref = ScaledObjectRef.newBuilder().setNamespace("shop").setName("web").build();
                assertThat(ExternalScalerGrpc.newBlockingStub(tls).withDeadlineAfter(20, TimeUnit.SECONDS)
                        .isActive(ref).getResult()).isTrue();
                assertThatThrownBy(() -> ExternalScalerGrpc.newBlockingStub(plain).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .isActive(ref)).hasMessageContaining("UNAVAILABLE");
            } finally {
                tls.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                plain.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}

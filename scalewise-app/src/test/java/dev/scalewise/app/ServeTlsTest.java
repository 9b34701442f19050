package dev.scalewise.app;

import dev.scalewise.serve.grpc.ExternalScalerGrpc;
import dev.scalewise.serve.grpc.GetMetricSpecResponse;
import dev.scalewise.serve.grpc.ScaledObjectRef;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code serve --allow-remote --tls-cert --tls-key --tls-client-ca} through the CLI, called by real grpc-java TLS
 * clients as KEDA calls with {@code caCert}, {@code tlsClientCert} and {@code tlsClientKey}: a client with a
 * certificate the CA signed is answered; one without, one with a stranger's and a plaintext one are refused.
 */
class ServeTlsTest {
    private static final ScaledObjectRef REF = ScaledObjectRef.newBuilder().setNamespace("shop").setName("web").build();

    @Test
    void mutualTlsOnANonLoopbackBindThroughTheCli(@TempDir Path dir) throws Exception {
        TestCertificates.make(dir, "server", "keda", "stranger");
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        ServeCommand serve = (ServeCommand) cl.getSubcommands().get("serve").getCommand();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cl.execute("serve", "--policy", "hpa",
                "--host", "0.0.0.0", "--allow-remote", "--port", "0", "--metrics-port", "-1",
                "--tls-cert", dir.resolve("server.pem").toString(), "--tls-key", dir.resolve("server.key").toString(),
                "--tls-client-ca", dir.resolve("keda.pem").toString(),
                "--prometheus", "http://127.0.0.1:1", "--decision-log", dir.resolve("d.jsonl").toString(),
                "--duration", "120"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (serve.server == null) {
            assertThat(run).as("serve stopped: %s", err).isNotDone();
            assertThat(System.nanoTime()).as("serve did not start").isLessThan(deadline);
            Thread.sleep(50);
        }
        int port = serve.server.port();
        Function<Path[], ManagedChannel> tls = keyPair -> {
            try {
                var ssl = GrpcSslContexts.forClient().trustManager(dir.resolve("server.pem").toFile());
                if (keyPair != null) {
                    ssl.keyManager(keyPair[0].toFile(), keyPair[1].toFile());
                }
                return NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(ssl.build()).build();
            } catch (javax.net.ssl.SSLException e) {
                throw new IllegalStateException(e);
            }
        };
        ManagedChannel keda = tls.apply(new Path[] {dir.resolve("keda.pem"), dir.resolve("keda.key")});
        ManagedChannel anonymous = tls.apply(null);
        ManagedChannel stranger = tls.apply(new Path[] {dir.resolve("stranger.pem"), dir.resolve("stranger.key")});
        ManagedChannel plain = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            assertThat(out.toString()).startsWith("Scalewise external scaler: 0.0.0.0:" + port
                    + " (TLS, client certificates required) serving 'hpa'");
            GetMetricSpecResponse spec = ExternalScalerGrpc.newBlockingStub(keda).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getMetricSpec(REF);
            assertThat(spec.getMetricSpecs(0).getMetricName()).isEqualTo("scalewise-desired-replicas");
            assertThat(spec.getMetricSpecs(0).getTargetSize()).isEqualTo(1000);
            for (ManagedChannel refused : new ManagedChannel[] {anonymous, stranger, plain}) {
                assertThatThrownBy(() -> ExternalScalerGrpc.newBlockingStub(refused)
                        .withDeadlineAfter(30, TimeUnit.SECONDS).getMetricSpec(REF))
                        .isInstanceOf(StatusRuntimeException.class).hasMessageStartingWith("UNAVAILABLE");
            }
        } finally {
            for (ManagedChannel c : new ManagedChannel[] {keda, anonymous, stranger, plain}) {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            serve.stop.countDown();
        }
        assertThat(run.get(30, TimeUnit.SECONDS)).as("exit code; stderr: %s", err).isZero();
    }

    @Test
    void remoteNeedsTheFlagAndTlsAndTlsFilesAreCheckedOnOneLine(@TempDir Path dir) throws Exception {
        String log = dir.resolve("d.jsonl").toString();
        CliTest.Result noFlag = CliTest.run("serve", "--policy", "hpa", "--host", "0.0.0.0", "--port", "0",
                "--metrics-port", "-1", "--decision-log", log);
        assertThat(noFlag.err().strip()).isEqualTo("error: --host 0.0.0.0 is not a loopback address: add --allow-remote "
                + "(with --tls-cert and --tls-key)");
        CliTest.Result noTls = CliTest.run("serve", "--policy", "hpa", "--host", "0.0.0.0", "--allow-remote", "--port",
                "0", "--metrics-port", "-1", "--decision-log", log);
        assertThat(noTls.err().strip()).isEqualTo("error: --host 0.0.0.0 needs TLS: --tls-cert and --tls-key");

        Path cert = dir.resolve("cert.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        CliTest.Result bad = CliTest.run("serve", "--policy", "hpa", "--port", "0", "--metrics-port", "-1",
                "--tls-cert", cert.toString(), "--tls-key", cert.toString(), "--decision-log", log);
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).startsWith("error: --tls-cert " + cert + " / --tls-key " + cert + ": ")
                .doesNotContain("\n");
        CliTest.Result alone = CliTest.run("serve", "--policy", "hpa", "--port", "0", "--metrics-port", "-1",
                "--tls-client-ca", cert.toString(), "--decision-log", log);
        assertThat(alone.err().strip()).isEqualTo("error: --tls-client-ca needs --tls-cert and --tls-key");
        CliTest.Result missing = CliTest.run("serve", "--policy", "hpa", "--port", "0", "--metrics-port", "-1",
                "--tls-cert", cert.toString(), "--tls-key", dir.resolve("nope.key").toString(), "--decision-log", log);
        assertThat(missing.err().strip()).isEqualTo("error: --tls-key " + dir.resolve("nope.key") + ": not a readable file");
    }
}

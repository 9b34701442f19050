package dev.scalewise.workload.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decompression bombs, multi-file archives and control characters in echoed input. */
class ArchiveLimitsTest {
    @TempDir
    Path dir;

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void aGzipThatDeclaresAGigabyteIsRefusedBeforeInflating() throws Exception {
        // a real gzip stream of 64 MiB of zeros (~64 KB) whose trailer says 1 GiB: refused from the trailer alone
        byte[] gz = gzip(new byte[64 << 20]);
        int n = gz.length;
        int isize = 1 << 30;
        gz[n - 4] = (byte) isize;
        gz[n - 3] = (byte) (isize >>> 8);
        gz[n - 2] = (byte) (isize >>> 16);
        gz[n - 1] = (byte) (isize >>> 24);
        Path bomb = dir.resolve("bomb.csv.gz");
        Files.write(bomb, gz);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Payload.load(bomb, 256L << 20)).isInstanceOf(TraceReadException.class)
                .hasMessage(String.format(java.util.Locale.ROOT, "%s: gzip content too large: it declares 1,073,741,824 "
                        + "bytes uncompressed from %,d compressed (limit 268,435,456 bytes)", bomb, n));
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
    }

    @Test
    void aStreamLongerThanItsTrailerSaysIsStoppedAtTheLimit() throws Exception {
        // two gzip members: the trailer of the last one declares 10 bytes, the content is 2 MiB
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.write(gzip(new byte[2 << 20]));
        two.write(gzip("0123456789".getBytes(StandardCharsets.US_ASCII)));
        Path f = dir.resolve("two.txt.gz");
        Files.write(f, two.toByteArray());
        assertThatThrownBy(() -> Payload.load(f, 1 << 20)).hasMessage(f + ": gzip content too large (over 1048576 bytes)");
        assertThat(Payload.load(f, 4 << 20).bytes()).hasSize((2 << 20) + 10);
        assertThat(Payload.limitBytes()).isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }

    @Test
    void aMultiFileArchiveIsRefusedUnlessAMemberIsChosen() throws Exception {
        Path a = dir.resolve("two.tbz2");
        Files.write(a, Archives.tbz2("first.txt", "1 2 3\n", "second.txt", "40 50 60\n"));
        assertThatThrownBy(() -> TraceFormat.readFile(a, ReadOptions.DEFAULT)).isInstanceOf(TraceReadException.class)
                .hasMessage(a + ": archive holds 2 files (first.txt, second.txt); choose one as two.tbz2!first.txt");
        ReadResult second = TraceFormat.readFile(dir.resolve("two.tbz2!second.txt"), ReadOptions.DEFAULT);
        assertThat(second.trace().totalRequests()).isEqualTo(150);
        assertThat(TraceFormat.readFile(dir.resolve("two.tbz2!first.txt"), ReadOptions.DEFAULT).trace().totalRequests())
                .isEqualTo(6);
        assertThatThrownBy(() -> TraceFormat.readFile(dir.resolve("two.tbz2!third.txt"), ReadOptions.DEFAULT))
                .hasMessage(a + ": archive holds no file 'third.txt'; its files: first.txt, second.txt");
        Path one = dir.resolve("one.tbz2");
        Files.write(one, Archives.tbz2("only.txt", "7 8\n"));
        assertThat(TraceFormat.readFile(one, ReadOptions.DEFAULT).trace().totalRequests()).isEqualTo(15);
    }

    @Test
    void controlCharactersFromAFileAreEscapedInMessages() throws Exception {
        Path f = dir.resolve("evil.csv");
        Files.write(f, "offset_s,count\n0,\u001b]0;pwned\u0007\u001b[2J\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> TraceFormat.readFile(f, ReadOptions.DEFAULT)).satisfies(e -> {
            assertThat(e.getMessage()).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\x1b]0;pwned\\x07");
            assertThat(((TraceReadException) e).reason()).doesNotContain("\u001b");
        });
        assertThat(TraceReadException.escape("tab\tok \u202eevil\u0000")).isEqualTo("tab\tok \\u{202e}evil\\x00");
    }

    @Test
    void timestampsInTheOtherUnitAreRefusedNamingTheUnitAssumed() throws Exception {
        Path ms = dir.resolve("ms-as-s.csv");
        Files.writeString(ms, "offset_s,count\n0,5\n60000,7\n120000,9\n");
        assertThatThrownBy(() -> TraceFormat.readFile(ms, ReadOptions.DEFAULT)).hasMessage(ms + ":3: the first two rows "
                + "are 60000 s (16.7 hours) apart, reading the time column as seconds; if it holds milliseconds, name it "
                + "offset_ms");
        Path s = dir.resolve("s-as-ms.csv");
        Files.writeString(s, "offset_ms,count\n0,5\n60,7\n120,9\n");
        assertThatThrownBy(() -> TraceFormat.readFile(s, ReadOptions.DEFAULT)).hasMessage(s + ":3: the first two rows "
                + "are 60 ms apart, reading the time column as milliseconds; if it holds seconds, name it offset_s");
        Path fine = dir.resolve("fine.csv");
        Files.writeString(fine, "offset_ms,count\n0,5\n60000,7\n120000,9\n");
        assertThat(TraceFormat.readFile(fine, ReadOptions.DEFAULT).trace().stepSeconds()).isEqualTo(60.0);
        Path hourly = dir.resolve("hourly.csv");
        Files.writeString(hourly, "offset_s,count\n0,5\n3600,7\n7200,9\n");
        assertThat(TraceFormat.readFile(hourly, ReadOptions.DEFAULT).trace().stepSeconds()).isEqualTo(3600.0);
    }
}

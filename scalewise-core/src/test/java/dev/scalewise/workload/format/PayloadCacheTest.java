package dev.scalewise.workload.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadCacheTest {
    @TempDir
    Path dir;

    @Test
    void folderComesFromPropertyEnvironmentXdgOrHome() {
        assertThat(PayloadCache.directory("/p", Map.of("SCALEWISE_CACHE_DIR", "/e"), "/h")).contains(Path.of("/p"));
        assertThat(PayloadCache.directory(null, Map.of("SCALEWISE_CACHE_DIR", "/e"), "/h")).contains(Path.of("/e"));
        assertThat(PayloadCache.directory(null, Map.of("XDG_CACHE_HOME", "/x"), "/h"))
                .contains(Path.of("/x", "scalewise"));
        assertThat(PayloadCache.directory(null, Map.of(), "/h")).contains(Path.of("/h", ".cache", "scalewise"));
        assertThat(PayloadCache.directory("off", Map.of(), "/h")).isEmpty();
        assertThat(PayloadCache.directory(null, Map.of("SCALEWISE_CACHE_DIR", "off"), "/h")).isEmpty();
    }

    @Test
    void secondReadComesFromTheCacheAndADamagedEntryIsReadAgain() throws IOException {
        byte[] data = "timestamp,count\n1,2\n2,3\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        Path archive = dir.resolve("t.tbz2");
        Files.write(archive, Archives.tbz2("workload.txt", data));
        Path cache = dir.resolve("cache");
        AtomicInteger decompressions = new AtomicInteger();
        String before = System.getProperty("scalewise.cache.dir");
        System.setProperty("scalewise.cache.dir", cache.toString());
        try {
            PayloadCache.Decompressor counting = () -> {
                decompressions.incrementAndGet();
                return new Payload("t.tbz2", "workload.txt", data);
            };
            Payload first = PayloadCache.load(archive, "t.tbz2", null, 1 << 20, counting);
            Payload second = PayloadCache.load(archive, "t.tbz2", null, 1 << 20, counting);
            assertThat(decompressions).hasValue(1);
            assertThat(second.bytes()).isEqualTo(first.bytes()).isEqualTo(data);
            assertThat(second.innerName()).isEqualTo("workload.txt");
            assertThat(second.source()).isEqualTo("t.tbz2");

            // a cut cache file fails gzip's length/CRC check: read from the archive again, then rewritten
            Path entry;
            try (var files = Files.list(cache.resolve("payloads"))) {
                entry = files.findFirst().orElseThrow();
            }
            byte[] whole = Files.readAllBytes(entry);
            Files.write(entry, java.util.Arrays.copyOf(whole, whole.length - 6));
            assertThat(PayloadCache.load(archive, "t.tbz2", null, 1 << 20, counting).bytes()).isEqualTo(data);
            assertThat(decompressions).hasValue(2);
            assertThat(Files.readAllBytes(entry)).isEqualTo(whole);

            // over the size limit: not taken from the cache
            assertThat(PayloadCache.read(entry, "t.tbz2", data.length - 1)).isEmpty();

            // the real reader through the cache gives what it gives without one
            Payload cached = Payload.load(archive);
            Payload again = Payload.load(archive);
            System.setProperty("scalewise.cache.dir", "off");
            Payload direct = Payload.load(archive);
            assertThat(again.bytes()).isEqualTo(cached.bytes()).isEqualTo(direct.bytes()).isEqualTo(data);
            assertThat(again.innerName()).isEqualTo(direct.innerName());
        } finally {
            if (before == null) {
                System.clearProperty("scalewise.cache.dir");
            } else {
                System.setProperty("scalewise.cache.dir", before);
            }
        }
    }

    @Test
    void keyFollowsTheArchiveBytesAndMember() throws IOException {
        Path a = dir.resolve("a.tbz2");
        Path b = dir.resolve("b.tbz2");
        Files.writeString(a, "one");
        Files.writeString(b, "one");
        assertThat(PayloadCache.key(a, null)).isEqualTo(PayloadCache.key(b, null))
                .isNotEqualTo(PayloadCache.key(a, "x.txt"));
        Files.writeString(b, "two");
        assertThat(PayloadCache.key(a, null)).isNotEqualTo(PayloadCache.key(b, null));
    }
}

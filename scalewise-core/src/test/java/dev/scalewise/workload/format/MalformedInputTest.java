package dev.scalewise.workload.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input yields its own message naming file, line and reason; lenient mode skips and counts. */
class MalformedInputTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.ISO_8859_1);
        return p;
    }

    private static ReadResult read(Path p) {
        return TraceFormat.readFile(p, ReadOptions.DEFAULT);
    }

    @Test
    void emptyFileFails() throws IOException {
        for (String name : new String[] {"empty.csv", "empty.txt", "empty.jsonl"}) {
            Path p = write(name, "");
            assertThatThrownBy(() -> read(p)).isInstanceOf(TraceReadException.class)
                    .hasMessageStartingWith(p.toString() + ": ").hasMessageContaining("empty file");
        }
        Path headerOnly = write("wc.csv", "period,count\n");
        assertThatThrownBy(() -> read(headerOnly)).hasMessage(headerOnly + ": empty file: no data records");
    }

    @Test
    void nonMonotonicTimestampsFailWithTheirLine() throws IOException {
        Path wc = write("wc.csv", "period,count\n1998-05-01 00:00:00,5\n1998-05-01 00:02:00,7\n1998-05-01 00:01:00,1\n");
        assertThatThrownBy(() -> read(wc)).isInstanceOf(TraceReadException.class)
                .hasMessageStartingWith(wc + ":4: non-monotonic timestamp");
        Path dup = write("dup.csv", "period,count\n1998-05-01 00:00:00,5\n1998-05-01 00:00:00,7\n");
        assertThatThrownBy(() -> read(dup)).hasMessageContaining(":3: non-monotonic timestamp").hasMessageContaining("duplicate minute");
        Path az = write("az.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:15:46.6805900,10,2\r\n"
                + "2023-11-16 18:15:45.0000000,10,2\r\n");
        assertThatThrownBy(() -> read(az)).hasMessageStartingWith(az + ":3: ").hasMessageContaining("before the start");
        Path az2 = write("az2.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:15:46.6805900,10,2\r\n"
                + "2023-11-16 18:15:48.0000000,10,2\r\n2023-11-16 18:15:47.0000000,10,2\r\n");
        assertThatThrownBy(() -> read(az2)).hasMessageStartingWith(az2 + ":4: non-monotonic timestamp");
        Path mc = write("m.jsonl", "{\"timestamp\": 3000, \"input_length\": 5, \"output_length\": 1}\n"
                + "{\"timestamp\": 1000, \"input_length\": 5, \"output_length\": 1}\n");
        assertThatThrownBy(() -> read(mc)).hasMessageStartingWith(mc + ":2: non-monotonic timestamp");
        Path gen = write("g.csv", "offset_s,count\n0,1\n10,2\n5,3\n");
        assertThatThrownBy(() -> read(gen)).hasMessageStartingWith(gen + ":4: ").hasMessageContaining("non-monotonic timestamp");
    }

    @Test
    void negativeCountsFail() throws IOException {
        Path wc = write("wc.csv", "period,count\n1998-05-01 00:00:00,5\n1998-05-01 00:01:00,-7\n");
        assertThatThrownBy(() -> read(wc)).hasMessage(wc + ":3: negative count -7");
        Path nasa = write("w.txt", "1 2 3 -4 5 ");
        assertThatThrownBy(() -> read(nasa)).hasMessage(nasa + ":1: value #4: negative count -4");
        Path mc = write("m.jsonl", "{\"timestamp\": 0, \"input_length\": -5, \"output_length\": 1}\n");
        assertThatThrownBy(() -> read(mc)).hasMessage(mc + ":1: negative input_length -5");
        Path gen = write("g.csv", "offset_s,rate\n0,1.5\n60,-2\n");
        assertThatThrownBy(() -> read(gen)).hasMessage(gen + ":3: negative rate -2");
    }

    @Test
    void nonNumericValuesFail() throws IOException {
        Path wc = write("wc.csv", "period,count\n1998-05-01 00:00:00,abc\n");
        assertThatThrownBy(() -> read(wc)).hasMessage(wc + ":2: non-numeric count 'abc'");
        Path nasa = write("w.txt", "1 2\n3 x4 5");
        assertThatThrownBy(() -> read(nasa)).hasMessage(nasa + ":2: value #2: non-numeric count 'x4'");
        Path az = write("az.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:15:46.6805900,ten,2\r\n");
        assertThatThrownBy(() -> read(az)).hasMessage(az + ":2: non-numeric ContextTokens 'ten'");
        Path azTime = write("az3.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\r\nyesterday,1,2\r\n");
        assertThatThrownBy(() -> read(azTime)).hasMessageStartingWith(azTime + ":2: unparseable TIMESTAMP 'yesterday'");
        Path mc = write("m.jsonl", "{\"timestamp\": \"soon\", \"input_length\": 5, \"output_length\": 1}\n");
        assertThatThrownBy(() -> read(mc)).hasMessage(mc + ":1: non-numeric timestamp \"soon\"");
        Path json = write("bad.jsonl", "{\"timestamp\": 0, \"input_length\": 5, \"output_length\": 1}\n{\"timestamp\": 1,\n");
        assertThatThrownBy(() -> read(json)).hasMessageStartingWith(json + ":2: invalid JSON");
        Path missing = write("miss.jsonl", "{\"timestamp\": 0, \"input_length\": 5}\n");
        assertThatThrownBy(() -> read(missing)).hasMessage(missing + ":1: missing field 'output_length'");
    }

    @Test
    void absurdlyLargeValuesFail() throws IOException {
        Path nasa = write("w.txt", "1 99999999999999999999 3");
        assertThatThrownBy(() -> read(nasa))
                .hasMessage(nasa + ":1: value #2: absurdly large count 99999999999999999999 (limit 1,000,000,000,000)");
        Path az = write("az.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:15:46.6805900,10,2000000000\r\n");
        assertThatThrownBy(() -> read(az)).hasMessage(az + ":2: absurdly large GeneratedTokens 2000000000 (limit 100,000,000)");
        Path gen = write("g.csv", "offset_s,rate\n0,1\n1,1e300\n");
        assertThatThrownBy(() -> read(gen)).hasMessageStartingWith(gen + ":3: absurdly large rate 1e300");
        Path span = write("span.jsonl", "{\"timestamp\": 0, \"input_length\": 5, \"output_length\": 1}\n"
                + "{\"timestamp\": 9000000000000, \"input_length\": 5, \"output_length\": 1}\n");
        assertThatThrownBy(() -> read(span)).hasMessageStartingWith(span + ":2: absurdly large timestamp");
        Path wcSpan = write("wcspan.csv", "period,count\n1998-05-01 00:00:00,5\n2200-05-01 00:00:00,5\n");
        assertThatThrownBy(() -> read(wcSpan)).hasMessageStartingWith(wcSpan + ":3: absurdly long time span");
    }

    @Test
    void wrongHeaderFails() throws IOException {
        Path p = dir.resolve("wc.csv");
        Files.writeString(p, "minute,requests\n1998-05-01 00:00:00,5\n");
        assertThatThrownBy(() -> MinuteCountCsvReader.class.getDeclaredConstructor().newInstance()
                .read(Files.readAllBytes(p), p.toString(), ReadOptions.DEFAULT))
                .hasMessage(p + ":1: wrong header: expected 'period,count', got 'minute,requests'");
        Path gen = write("g.csv", "when,requests\n1,2\n");
        assertThatThrownBy(() -> read(gen)).hasMessageStartingWith(gen + ":1: wrong header: no time column in 'when,requests'");
    }

    @Test
    void wrongFieldCountAndOffGridRowsFail() throws IOException {
        Path wc = write("wc.csv", "period,count\n1998-05-01 00:00:00,5,9\n");
        assertThatThrownBy(() -> read(wc)).hasMessage(wc + ":2: expected 2 fields (period,count), got 3");
        Path grid = write("g.csv", "offset_s,count\n0,1\n10,2\n25,3\n");
        assertThatThrownBy(() -> read(grid)).hasMessage(grid + ":4: timestamp '25' is not on the 10.0 s grid set by the first two rows");
        Path minute = write("m.csv", "period,count\n1998-05-01 00:00:30,5\n");
        assertThatThrownBy(() -> read(minute)).hasMessage(minute + ":2: period '1998-05-01 00:00:30' is not on a whole minute");
    }

    @Test
    void truncatedArchiveFails() throws IOException {
        byte[] data = "1 2 3 4 5 6 7 8 9 10 ".repeat(2000).getBytes(StandardCharsets.US_ASCII);
        byte[] archive = Archives.tbz2("workload.txt", data);
        Path whole = dir.resolve("ok.tbz2");
        Files.write(whole, archive);
        assertThat(read(whole).trace().totalRequests()).isEqualTo(55 * 2000);
        Path cut = dir.resolve("cut.tbz2");
        Files.write(cut, Arrays.copyOf(archive, archive.length / 2));
        assertThatThrownBy(() -> read(cut)).isInstanceOf(TraceReadException.class)
                .hasMessageStartingWith(cut + ": truncated or corrupt archive");
        Path garbage = dir.resolve("garbage.tbz2");
        Files.writeString(garbage, "this is not bzip2");
        assertThatThrownBy(() -> read(garbage)).hasMessageStartingWith(garbage + ": truncated or corrupt archive");
    }

    @Test
    void lenientModeSkipsAndCountsMalformedLines() throws IOException {
        Path wc = write("wc.csv", "period,count\n1998-05-01 00:00:00,5\nbroken line\n1998-05-01 00:02:00,-1\n1998-05-01 00:03:00,7\n");
        ReadResult r = TraceFormat.readFile(wc, ReadOptions.DEFAULT.withLenient(true));
        assertThat(r.report().skipped()).isEqualTo(2);
        assertThat(r.report().records()).isEqualTo(2);
        assertThat(r.report().firstSkips()).containsExactly(wc + ":3: expected 2 fields (period,count), got 1",
                wc + ":4: negative count -1");
        assertThat(r.report().summary()).contains("2 malformed line(s) skipped");
        assertThat(r.trace().totalRequests()).isEqualTo(12);
        assertThat(r.trace().length()).isEqualTo(4);
        Path nasa = write("w.txt", "1 x 3");
        ReadResult n = TraceFormat.readFile(nasa, ReadOptions.DEFAULT.withLenient(true));
        assertThat(n.report().skipped()).isEqualTo(1);
        assertThat(n.trace().rates()).containsExactly(1, 0, 3);
        Path allBad = write("bad.csv", "period,count\nx,y\n");
        assertThatThrownBy(() -> TraceFormat.readFile(allBad, ReadOptions.DEFAULT.withLenient(true)))
                .hasMessageContaining("no valid records");
    }

    @Test
    void mooncakeTimestampsInSecondsAreRefusedNamingTheUnitAssumed() throws IOException {
        // three requests a second for 100 s, timestamps in seconds: read as milliseconds, 3,000 requests a second
        StringBuilder seconds = new StringBuilder();
        StringBuilder millis = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            seconds.append("{\"timestamp\": ").append(i / 3).append(", \"input_length\": 5, \"output_length\": 1}\n");
            millis.append("{\"timestamp\": ").append(i / 3 * 1000).append(", \"input_length\": 5, \"output_length\": 1}\n");
        }
        Path s = write("s.jsonl", seconds.toString());
        assertThatThrownBy(() -> read(s)).isInstanceOf(TraceReadException.class).hasMessage(s + ":300: 300 requests "
                + "within 0.099 s (3,030 per second on average), reading timestamp as milliseconds; if the timestamps are "
                + "seconds, multiply them by 1000");
        Path ms = write("ms.jsonl", millis.toString());
        assertThat(read(ms).trace().rates()).hasSize(100).containsOnly(3.0);
        // a short burst is not judged: ten requests within one millisecond read fine
        Path burst = write("burst.jsonl", "{\"timestamp\": 0, \"input_length\": 5, \"output_length\": 1}\n".repeat(10));
        assertThat(read(burst).trace().rates()).containsExactly(10.0);
        Path frac = write("frac.jsonl", "{\"timestamp\": 1.5, \"input_length\": 5, \"output_length\": 1}\n");
        assertThatThrownBy(() -> read(frac)).hasMessage(frac + ":1: timestamp must be a whole number of milliseconds, got 1.5");
    }
}

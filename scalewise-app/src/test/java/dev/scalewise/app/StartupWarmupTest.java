package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.run.RunDirectory;
import org.junit.jupiter.api.Test;

class StartupWarmupTest {

    @Test
    void startsOnlyForCommandsThatWriteRunFoldersAndNotForTheirHelp() throws Exception {
        assertThat(StartupWarmup.startFor(new String[0])).isNull();
        assertThat(StartupWarmup.startFor(new String[] {"queue", "--servers", "4"})).isNull();
        assertThat(StartupWarmup.startFor(new String[] {"train", "--help"})).isNull();
        assertThat(StartupWarmup.startFor(new String[] {"demo", "-V"})).isNull();
        Thread t = StartupWarmup.startFor(new String[] {"train", "--preset", "seed-a"});
        assertThat(t).isNotNull();
        assertThat(t.isDaemon()).isTrue();
        t.join(30_000);
        assertThat(t.isAlive()).isFalse();
        System.setProperty("scalewise.warmup", "false");
        try {
            assertThat(StartupWarmup.startFor(new String[] {"train"})).isNull();
        } finally {
            System.clearProperty("scalewise.warmup");
        }
    }

    /** The chart warm-up draws a real PNG (into memory). */
    @Test
    void theChartWarmupDrawsAPng() throws Exception {
        byte[] png = dev.scalewise.app.charts.ChartWarmup.drawOne();
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(img.getWidth()).isEqualTo(64);
        assertThat(img.getHeight()).isEqualTo(48);
    }

    /** The warmed mapper writes what a fresh one configured alike writes: its caches change speed, not bytes. */
    @Test
    void theWarmedMapperWritesTheSameBytes() throws Exception {
        StartupWarmup.run(true);
        ObjectMapper fresh = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        for (TrainSpec s : new TrainSpec[] {TrainSpec.seedA(), TrainSpec.seedB(), TrainSpec.defaults()}) {
            assertThat(RunDirectory.json().writeValueAsBytes(s)).isEqualTo(fresh.writeValueAsBytes(s));
        }
    }
}

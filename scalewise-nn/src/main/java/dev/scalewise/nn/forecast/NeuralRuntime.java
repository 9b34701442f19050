package dev.scalewise.nn.forecast;

/**
 * Settings of the DJL PyTorch runtime that must be in place before the engine loads: offline (the natives come from
 * the {@code pytorch-native-cpu} jar on the class path, nothing is downloaded) and one intra-op and one inter-op
 * thread (reproducible training). Values already set with {@code -D} are kept, so
 * {@code -Dai.djl.pytorch.num_threads=2} uses two cores. The natives are unpacked once into
 * {@code $DJL_CACHE_DIR} / {@code $ENGINE_CACHE_DIR} (default {@code ~/.djl.ai}).
 */
public final class NeuralRuntime {
    private NeuralRuntime() {
    }

    /** Sets the defaults for the properties not set yet. Idempotent. */
    public static synchronized void configure() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** The PyTorch intra-op threads configured. */
    public static int threads() {
        return Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads", "1"));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

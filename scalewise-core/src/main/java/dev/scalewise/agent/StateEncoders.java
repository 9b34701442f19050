package dev.scalewise.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** Registry of state encoders: by type name (defaults) and from a saved {@link EncoderDefinition}. */
public final class StateEncoders {
    private record Entry(Supplier<StateEncoder> defaults, Function<EncoderDefinition, StateEncoder> fromDefinition) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        ENTRIES.put(DefaultEncoder.TYPE, new Entry(DefaultEncoder::defaults, DefaultEncoder::from));
        ENTRIES.put(SeedAEncoder.TYPE, new Entry(SeedAEncoder::defaults, SeedAEncoder::from));
        ENTRIES.put(SeedBEncoder.TYPE, new Entry(SeedBEncoder::defaults, SeedBEncoder::from));
        ENTRIES.put(ScaleFreeEncoder.TYPE, new Entry(ScaleFreeEncoder::defaults, ScaleFreeEncoder::from));
    }

    private StateEncoders() {
    }

    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** The encoder {@code type} with its default bins. */
    public static StateEncoder defaults(String type) {
        return entry(type).defaults().get();
    }

    /** Rebuilds the encoder a definition describes. */
    public static StateEncoder fromDefinition(EncoderDefinition d) {
        return entry(d.type()).fromDefinition().apply(d);
    }

    private static Entry entry(String type) {
        Entry e = ENTRIES.get(type);
        if (e == null) {
            throw new IllegalArgumentException("unknown encoder '" + type + "'; known: " + String.join(", ", names()));
        }
        return e;
    }
}

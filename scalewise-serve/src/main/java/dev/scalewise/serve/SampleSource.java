package dev.scalewise.serve;

import java.io.IOException;

/** Where live samples come from: Prometheus ({@link SampleReader}) when serving. */
@FunctionalInterface
public interface SampleSource {

    /** The sample of {@code target} at {@code time} (Unix seconds); fails when no usable reading exists. */
    LiveSample read(ScaledTarget target, double time) throws IOException;
}

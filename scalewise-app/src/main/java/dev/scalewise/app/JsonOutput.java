package dev.scalewise.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scalewise.run.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Writes command results as JSON to a file ({@code --json FILE}) or standard output ({@code --json -}). */
public final class JsonOutput {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    /** Serialises {@code value}; {@code target} "-" means {@code out}. */
    public static void write(Object value, String target, PrintWriter out) throws IOException {
        String text = MAPPER.writeValueAsString(value) + System.lineSeparator();
        if ("-".equals(target)) {
            out.print(text);
            out.flush();
        } else {
            AtomicFiles.writeString(Path.of(target), text);
        }
    }
}

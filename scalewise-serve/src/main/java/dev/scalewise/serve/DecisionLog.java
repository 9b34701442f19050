package dev.scalewise.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Every decision as one JSON line, flushed as written (a file, or none). */
public final class DecisionLog implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
    private final Writer out;

    private DecisionLog(Writer out) {
        this.out = out;
    }

    /** Appends to {@code file} (created with its folders); null: no log. */
    public static DecisionLog open(Path file) throws IOException {
        if (file == null) {
            return new DecisionLog(null);
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        return new DecisionLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
    }

    /** One decision as its JSON line (no newline). */
    public static String line(Decision d) {
        try {
            return JSON.writeValueAsString(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void write(Decision d) {
        if (out == null) {
            return;
        }
        try {
            out.write(line(d));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the decision log: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }

}

package dev.scalewise.app.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A header-addressed numeric CSV (no quoted commas), read whole. Columns are found by any of several names. */
final class SimpleCsv {
    final Map<String, Integer> index = new HashMap<>();
    final List<String[]> rows = new ArrayList<>();

    static SimpleCsv read(Path file) throws IOException {
        SimpleCsv c = new SimpleCsv();
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        String[] header = lines.get(0).split(",", -1);
        for (int i = 0; i < header.length; i++) {
            c.index.put(header[i].trim().toLowerCase(java.util.Locale.ROOT), i);
        }
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                c.rows.add(lines.get(i).split(",", -1));
            }
        }
        return c;
    }

    /** Index of the first of {@code names} present, or -1. */
    int column(String... names) {
        for (String n : names) {
            Integer i = index.get(n);
            if (i != null) {
                return i;
            }
        }
        return -1;
    }

    static double num(String[] row, int col) {
        if (col < 0 || col >= row.length || row[col].isBlank()) {
            return Double.NaN;
        }
        String v = row[col].trim();
        if (v.equalsIgnoreCase("true")) {
            return 1;
        }
        if (v.equalsIgnoreCase("false")) {
            return 0;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}

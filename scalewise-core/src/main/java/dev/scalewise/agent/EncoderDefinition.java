package dev.scalewise.agent;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The serialisable definition of a {@link StateEncoder}: its type ({@code seed-a}, {@code seed-b},
 * {@code default}) and named numeric parameters (bin edges, bounds, thresholds), kept in name order so that
 * the JSON form is canonical.
 *
 * @param type       encoder type
 * @param parameters named lists of numbers
 */
public record EncoderDefinition(String type, Map<String, List<Double>> parameters) {
    public EncoderDefinition {
        Objects.requireNonNull(type, "encoder.type");
        parameters = new TreeMap<>(Objects.requireNonNull(parameters, "encoder.parameters"));
        parameters.replaceAll((k, v) -> List.copyOf(v));
    }

    /** The parameter {@code name}, or a clear error naming the encoder when it is missing. */
    public List<Double> get(String name) {
        List<Double> v = parameters.get(name);
        if (v == null) {
            throw new IllegalArgumentException("encoder '" + type + "' needs parameter '" + name + "'; has "
                    + parameters.keySet());
        }
        return v;
    }

    /** A single-valued parameter. */
    public double scalar(String name) {
        List<Double> v = get(name);
        if (v.size() != 1) {
            throw new IllegalArgumentException("encoder '" + type + "' parameter '" + name + "' must have one value, got " + v);
        }
        return v.get(0);
    }

    /** A parameter as a primitive array. */
    public double[] array(String name) {
        return get(name).stream().mapToDouble(Double::doubleValue).toArray();
    }
}

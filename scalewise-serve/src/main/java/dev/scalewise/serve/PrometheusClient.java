package dev.scalewise.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Prometheus's HTTP API ({@code /api/v1/query} and {@code /api/v1/query_range}, prometheus.io/docs/prometheus/latest/
 * querying/api/) through the JDK's HttpClient. A query must return a scalar or a vector of at most one series
 * (aggregate with {@code sum()}); an empty vector is "no data", not zero. Responses larger than 16 MiB are refused.
 */
public final class PrometheusClient {
    static final int MAX_BODY = 16 << 20;

    /** One value at one time (Unix seconds). */
    public record Sample(double time, double value) {
    }

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public PrometheusClient(String url, Duration timeout) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public URI base() {
        return base;
    }

    /** The instant query's value at {@code time} (Unix seconds), or empty when the result has no series. */
    public CompletableFuture<Optional<Sample>> queryAsync(String promql, double time) {
        URI uri = base.resolve("api/v1/query?query=" + enc(promql) + "&time=" + fmt(time));
        return send(uri, promql).thenApply(data -> single(data, promql));
    }

    public Optional<Sample> query(String promql, double time) throws IOException {
        return join(queryAsync(promql, time));
    }

    /** The range query's points from {@code start} to {@code end} every {@code step} seconds (missing points absent). */
    public List<Sample> queryRange(String promql, double start, double end, double step) throws IOException {
        if (!(end >= start) || !(step > 0)) {
            throw new IllegalArgumentException("query_range needs start <= end and step > 0, got " + start + ", " + end
                    + ", " + step);
        }
        URI uri = base.resolve("api/v1/query_range?query=" + enc(promql) + "&start=" + fmt(start) + "&end=" + fmt(end)
                + "&step=" + fmt(step));
        JsonNode data = join(send(uri, promql));
        if (!"matrix".equals(data.path("resultType").asText())) {
            throw new IOException("prometheus: query '" + promql + "' returned " + data.path("resultType").asText()
                    + ", expected a matrix");
        }
        JsonNode result = data.path("result");
        if (result.size() > 1) {
            throw new IOException("prometheus: query '" + promql + "' returned " + result.size()
                    + " series; aggregate it to one (e.g. sum(...))");
        }
        List<Sample> out = new ArrayList<>();
        if (result.size() == 1) {
            for (JsonNode p : result.get(0).path("values")) {
                out.add(point(p, promql));
            }
        }
        return out;
    }

    /** The points by their time in whole milliseconds (a range query's times are its start plus whole steps). */
    public static Map<Long, Double> byMillis(List<Sample> points) {
        Map<Long, Double> m = new HashMap<>();
        for (Sample p : points) {
            m.put(Math.round(p.time() * 1000), p.value());
        }
        return m;
    }

    private CompletableFuture<JsonNode> send(URI uri, String promql) {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream()).thenApply(resp -> {
            try (InputStream in = resp.body()) {
                byte[] body = in.readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    throw new IOException("prometheus: answer to '" + promql + "' is larger than " + MAX_BODY + " bytes");
                }
                JsonNode root;
                try {
                    root = json.readTree(body);
                } catch (IOException e) {
                    throw new IOException("prometheus at " + base + " answered HTTP " + resp.statusCode()
                            + " with something that is not JSON");
                }
                if (!"success".equals(root.path("status").asText())) {
                    throw new IOException("prometheus: query '" + promql + "' failed (HTTP " + resp.statusCode() + "): "
                            + root.path("errorType").asText() + ": " + root.path("error").asText());
                }
                return root.path("data");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Optional<Sample> single(JsonNode data, String promql) {
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        try {
            if ("scalar".equals(type)) {
                return Optional.of(point(result, promql));
            }
            if (!"vector".equals(type)) {
                throw new IOException("prometheus: query '" + promql + "' returned a " + type + ", expected a vector");
            }
            if (result.size() == 0) {
                return Optional.empty();
            }
            if (result.size() > 1) {
                throw new IOException("prometheus: query '" + promql + "' returned " + result.size()
                        + " series; aggregate it to one (e.g. sum(...))");
            }
            return Optional.of(point(result.get(0).path("value"), promql));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Sample point(JsonNode p, String promql) throws IOException {
        if (!p.isArray() || p.size() != 2) {
            throw new IOException("prometheus: query '" + promql + "' returned a malformed sample " + p);
        }
        double v;
        try {
            v = Double.parseDouble(p.get(1).asText());
        } catch (NumberFormatException e) {
            throw new IOException("prometheus: query '" + promql + "' returned a non-number '" + p.get(1).asText() + "'");
        }
        return new Sample(p.get(0).asDouble(), v);
    }

    /** Waits for a query and turns its failures into one-line IOExceptions. */
    static <T> T join(CompletableFuture<T> f) throws IOException {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw unwrap(e);
        }
    }

    static IOException unwrap(Throwable e) {
        Throwable c = e;
        while ((c instanceof java.util.concurrent.CompletionException || c instanceof java.io.UncheckedIOException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith("prometheus")) {
            return io;
        }
        return new IOException("prometheus unreachable: " + c.getClass().getSimpleName()
                + (c.getMessage() == null ? "" : ": " + c.getMessage()), c);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String fmt(double t) {
        return String.format(java.util.Locale.ROOT, "%.3f", t);
    }
}

package dev.scalewise.app;

import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.Physics;
import picocli.CommandLine.Option;

/** Command-line options for the simulated service (defaults from {@link EnvConfig#defaults()}). */
public final class EnvOptions {
    private static final EnvConfig D = EnvConfig.defaults();
    private static final ClusterConfig C = D.cluster();

    @Option(names = "--step-seconds", description = "Control interval in seconds (default: ${DEFAULT-VALUE}).")
    double stepSeconds = D.stepSeconds();

    @Option(names = "--service-rate", description = "Requests/s one instance serves (default: ${DEFAULT-VALUE}).")
    double serviceRate = D.serviceRate();

    @Option(names = "--queue-limit", description = "Waiting room of the service in requests (default: ${DEFAULT-VALUE}).")
    double queueLimit = D.queueLimit();

    @Option(names = "--slo-ms", description = "p95 latency objective in ms (default: ${DEFAULT-VALUE}).")
    double sloMs = D.sloSeconds() * 1000;

    @Option(names = "--boot-delay", description = "Seconds from launch to serving (default: ${DEFAULT-VALUE}).")
    double bootDelay = C.bootDelaySeconds();

    @Option(names = "--min-instances", description = "Fewest instances (default: ${DEFAULT-VALUE}).")
    int minInstances = C.minInstances();

    @Option(names = "--max-instances", description = "Most instances (default: ${DEFAULT-VALUE}).")
    int maxInstances = C.maxInstances();

    @Option(names = "--initial-instances", description = "Ready instances at the start (default: ${DEFAULT-VALUE}).")
    int initialInstances = C.initialInstances();

    @Option(names = "--price-per-hour", description = "Dollars per instance-hour (default: ${DEFAULT-VALUE}).")
    double pricePerHour = C.pricePerHour();

    @Option(names = "--min-billed-seconds", description = "Minimum billed seconds per launch (default: ${DEFAULT-VALUE}).")
    double minBilledSeconds = C.minimumBilledSeconds();

    @Option(names = "--no-poisson", negatable = false,
            description = "Use the trace's rates as arrivals instead of Poisson draws around them.")
    boolean noPoisson;

    @Option(names = "--physics", paramLabel = "fast|des", converter = PhysicsConverter.class,
            description = "Queueing physics of a step: fast (the per-step model) or des (request-level simulation; "
                    + "default: ${DEFAULT-VALUE}).")
    Physics physics = Physics.FAST;

    /** Parses {@code --physics} with the one-line error of {@link Physics#parse}. */
    static final class PhysicsConverter implements picocli.CommandLine.ITypeConverter<Physics> {
        @Override
        public Physics convert(String value) {
            try {
                return Physics.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("--physics must be 'fast' or 'des', got '" + value + "'");
            }
        }
    }

    /** The records' field names and the options a user types for them (errors name what the user typed). */
    private static final String[][] FIELD_OPTIONS = {
            {"env.stepSeconds", "--step-seconds"}, {"env.serviceRate", "--service-rate"},
            {"env.queueLimit", "--queue-limit"}, {"cluster.minInstances", "--min-instances"},
            {"cluster.maxInstances", "--max-instances"}, {"cluster.initialInstances", "--initial-instances"},
            {"cluster.bootDelaySeconds", "--boot-delay"}, {"cluster.pricePerHour", "--price-per-hour"},
            {"cluster.minimumBilledSeconds", "--min-billed-seconds"}, {"minInstances", "--min-instances"},
            {"maxInstances", "--max-instances"}};

    /**
     * The resolved configuration (validated by the records).
     *
     * @throws IllegalArgumentException naming the options as typed ({@code --max-instances must be >= ...})
     */
    public EnvConfig toConfig() {
        try {
            ClusterConfig cluster = new ClusterConfig(minInstances, maxInstances, initialInstances, bootDelay,
                    pricePerHour, minBilledSeconds);
            return new EnvConfig(stepSeconds, serviceRate, queueLimit, sloMs / 1000.0, cluster, !noPoisson, 0, physics);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(optionNames(e.getMessage()), e);
        }
    }

    /** {@code message} with the configuration records' field names replaced by the command-line options. */
    static String optionNames(String message) {
        String m = String.valueOf(message);
        if (m.startsWith("env.sloSeconds")) {
            return "--slo-ms must be a positive finite number, got " + sloMsText(m);
        }
        for (String[] fo : FIELD_OPTIONS) {
            m = m.replace(fo[0], fo[1]);
        }
        return m;
    }

    private static String sloMsText(String m) {
        try {
            return String.valueOf(Double.parseDouble(m.substring(m.lastIndexOf(' ') + 1)) * 1000);
        } catch (NumberFormatException e) {
            return m.substring(m.lastIndexOf(' ') + 1);
        }
    }
}

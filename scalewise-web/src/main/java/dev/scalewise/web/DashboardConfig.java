package dev.scalewise.web;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the dashboard server is set up.
 *
 * @param host      the address to bind (default {@code 127.0.0.1}: only this machine can connect)
 * @param port      the port, 0 for a free one
 * @param runsDir   the directory whose sub-folders are run folders
 * @param tracesDir where catalog traces live, or null for the default lookup ({@code TraceCatalog.fromEnvironment})
 * @param policies  the policies the live view offers
 * @param qValues   where the agent inspector reads Q-values
 */
public record DashboardConfig(String host, int port, Path runsDir, String tracesDir, PolicyProvider policies,
                              QValueSource qValues) {
    /** The loopback address the server binds unless told otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    /** Validates the fields, naming the bad one. */
    public DashboardConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("dashboard.host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("dashboard.port must be in [0, 65535], got " + port);
        }
        Objects.requireNonNull(runsDir, "dashboard.runsDir");
        Objects.requireNonNull(policies, "dashboard.policies");
        Objects.requireNonNull(qValues, "dashboard.qValues");
    }

    /** Loopback, a free port, the built-in policies and no Q-value reader. */
    public static DashboardConfig defaults(Path runsDir) {
        return new DashboardConfig(LOOPBACK, 0, runsDir, null, BuiltinPolicies.INSTANCE, QValueSource.NONE);
    }

    /** This config on another host. */
    public DashboardConfig withHost(String h) {
        return new DashboardConfig(h, port, runsDir, tracesDir, policies, qValues);
    }

    /** This config on another port. */
    public DashboardConfig withPort(int p) {
        return new DashboardConfig(host, p, runsDir, tracesDir, policies, qValues);
    }

    /** This config with another traces directory. */
    public DashboardConfig withTracesDir(String dir) {
        return new DashboardConfig(host, port, runsDir, dir, policies, qValues);
    }

    /** This config with other policies. */
    public DashboardConfig withPolicies(PolicyProvider p) {
        return new DashboardConfig(host, port, runsDir, tracesDir, p, qValues);
    }

    /** This config with another Q-value source. */
    public DashboardConfig withQValues(QValueSource q) {
        return new DashboardConfig(host, port, runsDir, tracesDir, policies, q);
    }

    /** Whether the host is a loopback address (nothing else can connect). */
    public boolean loopbackOnly() {
        return host.equals(LOOPBACK) || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }
}

package dev.scalewise.experiment;

/** The indicators of a comparison, with their JSON names ({@code CLI.md}) and report headers. */
public enum Metric {
    COST_USD("cost_usd", "cost $", 4),
    INSTANCE_HOURS("instance_hours", "inst-h", 2),
    SAVINGS_VS_STATIC_PCT("savings_vs_static_pct", "save %", 1),
    SLA_COMPLIANCE_PCT("sla_compliance_pct", "SLA % steps", 2),
    SLA_COMPLIANCE_REQUESTS_PCT("sla_compliance_requests_pct", "SLA % req", 2),
    P50_LATENCY_MS("p50_latency_ms", "p50 ms", 1),
    P95_LATENCY_MS("p95_latency_ms", "p95 ms", 1),
    P99_LATENCY_MS("p99_latency_ms", "p99 ms", 1),
    DROPPED_REQUESTS("dropped_requests", "dropped", 0),
    SCALING_ACTIONS("scaling_actions", "actions", 1),
    FLAPS("flaps", "flaps", 1),
    FLAPS_PER_DAY("flaps_per_day", "flaps/day", 2),
    TOTAL_COST_USD("total_cost_usd", "total $", 4),
    MEAN_UTILIZATION("mean_utilization", "util", 3),
    REGRET_VS_ORACLE_PCT("regret_vs_oracle_pct", "regret %", 1);

    private final String jsonName;
    private final String header;
    private final int decimals;

    Metric(String jsonName, String header, int decimals) {
        this.jsonName = jsonName;
        this.header = header;
        this.decimals = decimals;
    }

    public String jsonName() {
        return jsonName;
    }

    public String header() {
        return header;
    }

    public int decimals() {
        return decimals;
    }
}

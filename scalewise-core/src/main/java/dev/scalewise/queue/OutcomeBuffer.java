package dev.scalewise.queue;

/**
 * A mutable, reusable {@link StepOutcome} for allocation-free hot loops ({@link HybridQueueModel#serveInto}): the
 * same fields, with the same meaning. {@link #toRecord()} copies it into the immutable record.
 */
public final class OutcomeBuffer {
    public double arrived;
    public double backlogBefore;
    public double served;
    public double dropped;
    public double backlogAfter;
    public double utilization;
    public double meanResponse;
    public double p50;
    public double p95;
    public double p99;
    public boolean overloaded;

    /** Copies every field of {@code o}. */
    public void set(StepOutcome o) {
        set(o.arrived(), o.backlogBefore(), o.served(), o.dropped(), o.backlogAfter(), o.utilization(),
                o.meanResponse(), o.p50(), o.p95(), o.p99(), o.overloaded());
    }

    void set(double arrived, double backlogBefore, double served, double dropped, double backlogAfter,
             double utilization, double meanResponse, double p50, double p95, double p99, boolean overloaded) {
        this.arrived = arrived;
        this.backlogBefore = backlogBefore;
        this.served = served;
        this.dropped = dropped;
        this.backlogAfter = backlogAfter;
        this.utilization = utilization;
        this.meanResponse = meanResponse;
        this.p50 = p50;
        this.p95 = p95;
        this.p99 = p99;
        this.overloaded = overloaded;
    }

    /** The outcome as an immutable record. */
    public StepOutcome toRecord() {
        return new StepOutcome(arrived, backlogBefore, served, dropped, backlogAfter, utilization, meanResponse, p50,
                p95, p99, overloaded);
    }
}

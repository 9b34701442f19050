package dev.scalewise.env;

import dev.scalewise.cluster.Clamp;

/**
 * A mutable, reusable record of one step for allocation-free hot loops ({@link FastStepping#stepInto}): the
 * fields of {@link StepInfo} plus the next observation's extra fields. {@link #info()}, {@link #observation()}
 * and {@link #result()} copy it into the immutable records that {@link Environment#step(int)} returns.
 */
public final class StepBuffer {
    public int step;
    public double arrivalRate;
    public double previousArrivalRate;
    public double serviceRate;
    public int requestedDelta;
    public int appliedDelta;
    public Clamp clamp = Clamp.NONE;
    public int ready;
    public int booting;
    /** Ready and booting instances after the step (what the next observation shows). */
    public int readyAfter;
    public int bootingAfter;
    public double utilization;
    public double meanLatency;
    public double p50;
    public double p95;
    public double p99;
    public double arrived;
    public double served;
    public double dropped;
    public double backlog;
    public double costUsd;
    public boolean slaViolated;
    public boolean overloaded;
    public double reward;
    public double forecastRate;
    public boolean truncated;
    /** Reward terms, named by the reward function's {@code termNames()}. */
    public final double[] rewardTerms;

    public StepBuffer(int rewardTerms) {
        this.rewardTerms = new double[rewardTerms];
    }

    /** The step's info as an immutable record. */
    public StepInfo info() {
        return new StepInfo(step, arrivalRate, serviceRate, requestedDelta, appliedDelta, clamp, ready, booting,
                utilization, meanLatency, p50, p95, p99, arrived, served, dropped, backlog, costUsd, slaViolated,
                overloaded, reward, rewardTerms.clone());
    }

    /** The observation after the step. */
    public Observation observation() {
        return new Observation(step + 1, arrivalRate, previousArrivalRate, readyAfter, bootingAfter, utilization, p95,
                backlog, dropped, serviceRate, forecastRate);
    }

    /** The step as {@link Environment#step(int)} returns it. */
    public StepResult result() {
        return new StepResult(observation(), reward, false, truncated, info());
    }
}

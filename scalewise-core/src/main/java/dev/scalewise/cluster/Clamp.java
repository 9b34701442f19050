package dev.scalewise.cluster;

/** Whether a scaling request hit a bound and was cut. Reported in every step's info, never silent. */
public enum Clamp {
    /** The request was applied as asked. */
    NONE,
    /** The request would have gone below the minimum and was cut to it. */
    MIN,
    /** The request would have gone above the maximum and was cut to it. */
    MAX
}

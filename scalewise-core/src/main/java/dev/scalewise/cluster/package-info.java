/**
 * The cluster: ready and booting instances, boot delay, min/max bounds with reported clamps, and
 * per-instance-second billing.
 */
package dev.scalewise.cluster;

/**
 * Policies: anything that maps an observation to a scaling action. The baselines live here (static peak
 * provisioning, threshold with cooldown, and the emulations of Kubernetes HPA, KEDA and AWS Auto Scaling);
 * frozen agents implement the same contract.
 */
package dev.scalewise.policy;

/**
 * The offline oracle: with the whole trace known in advance, the cheapest capacity schedule that meets the SLA at
 * every step, honouring boot delay and bounds. Its cost is the floor every policy is measured against.
 */
package dev.scalewise.oracle;

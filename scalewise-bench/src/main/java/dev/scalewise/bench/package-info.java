/** JMH benchmarks behind the project's performance claims (reading traces, and later simulation and learning). */
package dev.scalewise.bench;

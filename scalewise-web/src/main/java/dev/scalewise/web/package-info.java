/**
 * The web dashboard: {@link dev.scalewise.web.DashboardServer} serves a single-page app (hand-written HTML, CSS
 * and JavaScript, charted with the ECharts WebJar; no request leaves the machine) and a JSON API over the run
 * folders in one directory ({@link dev.scalewise.web.RunStore}), live comparisons run in-process and streamed as
 * server-sent events ({@link dev.scalewise.web.LiveComparison}), and the hooks other modules plug into:
 * {@link dev.scalewise.web.PolicyProvider} (baselines, trained agents) and {@link dev.scalewise.web.QValueSource}
 * (Q-tables for the agent inspector). See {@code docs/dashboard.md}.
 */
package dev.scalewise.web;

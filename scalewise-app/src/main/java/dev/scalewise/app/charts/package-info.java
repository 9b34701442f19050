/** PNG charts (JFreeChart, headless): the comparison and the training dashboard. */
package dev.scalewise.app.charts;

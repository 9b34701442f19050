package dev.scalewise.spark;

import com.codahale.metrics.MetricRegistry;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.metrics.sink.MetricsServlet;
import org.sparkproject.jetty.servlet.ServletContextHandler;

/**
 * Spark's metrics servlet sink without its HTTP handler. The handler only serves through the Spark UI, which the
 * embedded engine turns off; not creating it keeps Spark's shaded Jetty from touching the Servlet API, so Spark
 * can run in the same JVM as the dashboard's Jetty 12 (which needs Servlet 6, where Spark's Jetty needs 5).
 */
public final class HandlerlessMetricsServlet extends MetricsServlet {

    public HandlerlessMetricsServlet(Properties property, MetricRegistry registry) {
        super(property, registry);
    }

    @Override
    public ServletContextHandler[] getHandlers(SparkConf conf) {
        return new ServletContextHandler[0];
    }
}

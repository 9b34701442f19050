package dev.scalewise.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Finds the minified ECharts script in the {@code org.webjars:echarts} jar on the classpath. */
final class Echarts {
    private static final String POM = "/META-INF/maven/org.webjars/echarts/pom.properties";
    private static volatile byte[] script;

    private Echarts() {
    }

    /** The WebJar's version. */
    static String version() throws IOException {
        try (InputStream in = Echarts.class.getResourceAsStream(POM)) {
            if (in == null) {
                throw new IOException("the ECharts WebJar is not on the classpath (" + POM + " missing)");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }

    /** The bytes of {@code echarts.min.js}, read once. */
    static byte[] script() throws IOException {
        byte[] s = script;
        if (s == null) {
            String path = "/META-INF/resources/webjars/echarts/" + version() + "/dist/echarts.min.js";
            InputStream in = Echarts.class.getResourceAsStream(path);
            if (in == null) {
                path = "/META-INF/resources/webjars/echarts/" + version() + "/echarts.min.js";
                in = Echarts.class.getResourceAsStream(path);
            }
            if (in == null) {
                throw new IOException("echarts.min.js not found in the ECharts WebJar");
            }
            try (InputStream stream = in) {
                s = stream.readAllBytes();
            }
            script = s;
        }
        return s;
    }
}

package io.naftiko.skipper.dashboard.view;

import java.util.List;
import java.util.Locale;

/** A small line chart of a series, as inline SVG with a text alternative (a picture people would rather look at). */
public final class Sparkline {

    private static final int WIDTH = 120;
    private static final int HEIGHT = 24;

    private Sparkline() {
    }

    /** The chart of {@code values} (oldest first), described for screen readers by {@code label}. */
    public static String svg(List<Double> values, String label) {
        StringBuilder svg = new StringBuilder("<svg class=\"spark\" role=\"img\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
                + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\"><title>" + Html.text(label) + "</title>");
        List<Double> finite = values.stream().filter(v -> v != null && Double.isFinite(v)).toList();
        if (finite.size() < 2) {
            return svg.append("<line x1=\"0\" y1=\"").append(HEIGHT - 1).append("\" x2=\"").append(WIDTH).append("\" y2=\"")
                    .append(HEIGHT - 1).append("\" stroke=\"#8c959f\" stroke-dasharray=\"3 3\"/></svg>").toString();
        }
        double max = finite.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double min = Math.min(0, finite.stream().mapToDouble(Double::doubleValue).min().orElse(0));
        double span = max - min == 0 ? 1 : max - min;
        svg.append("<polyline fill=\"none\" stroke=\"#0b6bcb\" stroke-width=\"1.5\" points=\"");
        for (int i = 0; i < finite.size(); i++) {
            double x = (double) i * WIDTH / (finite.size() - 1);
            double y = HEIGHT - 1 - (finite.get(i) - min) / span * (HEIGHT - 2);
            svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return svg.append("\"/></svg>").toString();
    }
}

package org.argos.web.ui;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A small response-time chart as inline SVG, drawn on the server so it needs no script and no download. Points are
 * spaced by time, oldest on the left; the line is the total time of each result.
 */
final class Chart {
  static final int WIDTH = 600;
  static final int HEIGHT = 160;
  private static final int PAD = 34;

  /** A measured point. */
  record Point(Instant at, long millis, String severity) {}

  private Chart() {}

  static String svg(List<Point> points) {
    if (points.isEmpty()) {
      return "";
    }
    long max = Math.max(1, points.stream().mapToLong(Point::millis).max().orElse(1));
    long first = points.get(0).at().toEpochMilli();
    long last = points.get(points.size() - 1).at().toEpochMilli();
    long span = Math.max(1, last - first);
    int w = WIDTH - 2 * PAD;
    int h = HEIGHT - 2 * PAD;
    StringBuilder line = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (Point p : points) {
      double x = PAD + (points.size() == 1 ? w / 2.0 : (p.at().toEpochMilli() - first) * (double) w / span);
      double y = PAD + h - p.millis() * (double) h / max;
      line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      dots.append(String.format(Locale.ROOT, "<circle class=\"dot sev-%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>%d ms at %s</title></circle>",
          p.severity(), x, y, p.millis(), Fmt.time(p.at())));
    }
    long avg = Math.round(points.stream().mapToLong(Point::millis).average().orElse(0));
    String label = "Response time of the last " + points.size() + " results: up to " + max + " ms, average " + avg + " ms";
    return "<svg class=\"chart\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" role=\"img\" aria-label=\"" + label + "\">"
        + "<title>" + label + "</title>"
        + "<line class=\"axis\" x1=\"" + PAD + "\" y1=\"" + (PAD + h) + "\" x2=\"" + (PAD + w) + "\" y2=\"" + (PAD + h) + "\"/>"
        + "<line class=\"axis\" x1=\"" + PAD + "\" y1=\"" + PAD + "\" x2=\"" + PAD + "\" y2=\"" + (PAD + h) + "\"/>"
        + "<text class=\"tick\" x=\"" + (PAD - 4) + "\" y=\"" + (PAD + 4) + "\" text-anchor=\"end\">" + max + "</text>"
        + "<text class=\"tick\" x=\"" + (PAD - 4) + "\" y=\"" + (PAD + h) + "\" text-anchor=\"end\">0</text>"
        + "<text class=\"tick\" x=\"" + PAD + "\" y=\"" + (HEIGHT - 10) + "\">" + Fmt.time(points.get(0).at()) + "</text>"
        + "<text class=\"tick\" x=\"" + (PAD + w) + "\" y=\"" + (HEIGHT - 10) + "\" text-anchor=\"end\">"
        + Fmt.time(points.get(points.size() - 1).at()) + "</text>"
        + "<text class=\"tick\" x=\"" + (PAD + 4) + "\" y=\"" + (PAD - 10) + "\">ms</text>"
        + "<polyline class=\"line\" points=\"" + line.toString().trim() + "\"/>" + dots + "</svg>";
  }
}

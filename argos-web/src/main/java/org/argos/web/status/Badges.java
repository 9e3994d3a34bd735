package org.argos.web.status;

import java.util.Locale;

/**
 * SVG badges for READMEs and other pages: a grey label and a coloured value ({@code status | up},
 * {@code uptime 30 d | 99.95 %}). Self-contained SVG, no script and no external reference, with a text alternative.
 */
public final class Badges {
  private Badges() {}

  /** The most characters a label or value keeps; longer text is cut with an ellipsis. */
  static final int MAX_TEXT = 40;

  /**
   * A badge for a site's state.
   *
   * @param label the left part (for example the site's name)
   * @param state {@code up}, {@code degraded}, {@code down} or {@code none}
   * @return the SVG document
   */
  public static String state(String label, String state) {
    String colour = switch (state) {
      case "up" -> "#1a7f37";
      case "degraded" -> "#9a6700";
      case "down" -> "#cf222e";
      default -> "#57606a";
    };
    String value = switch (state) {
      case "up", "degraded", "down" -> state;
      default -> "no data";
    };
    return svg(label, value, colour);
  }

  /**
   * A badge for an uptime.
   *
   * @param label the left part (for example {@code uptime 30 d})
   * @param share the share of time up, from 0 to 1, or null for no data
   * @return the SVG document
   */
  public static String uptime(String label, Double share) {
    String colour = share == null ? "#57606a" : share >= 0.999 ? "#1a7f37" : share >= 0.99 ? "#4d8a1f"
        : share >= 0.95 ? "#9a6700" : "#cf222e";
    return svg(label, PublicStatus.percent(share), colour);
  }

  /** A two-part badge; widths estimated from the text (about 7 px a character at 11 px Verdana). */
  static String svg(String label, String value, String colour) {
    String l = cut(label);
    String v = cut(value);
    int lw = width(l);
    int vw = width(v);
    int w = lw + vw;
    String alt = escape(l + ": " + v);
    return String.format(Locale.ROOT, """
        <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s">\
        <title>%s</title>\
        <rect width="%d" height="20" fill="#555"/><rect x="%d" width="%d" height="20" fill="%s"/>\
        <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">\
        <text x="%d" y="14">%s</text><text x="%d" y="14">%s</text></g></svg>
        """, w, alt, alt, lw, lw, vw, colour, lw / 2, escape(l), lw + vw / 2, escape(v));
  }

  private static int width(String s) {
    return 10 + (int) Math.ceil(s.codePointCount(0, s.length()) * 7.0);
  }

  private static String cut(String s) {
    String t = s.strip();
    if (t.codePointCount(0, t.length()) <= MAX_TEXT) {
      return t;
    }
    return t.substring(0, t.offsetByCodePoints(0, MAX_TEXT - 1)) + "…";
  }

  /** Escapes for XML text and attribute values; drops characters XML 1.0 cannot carry. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    s.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> {
          boolean legal = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
              || c >= 0x10000;
          if (legal) {
            b.appendCodePoint(c);
          }
        }
      }
    });
    return b.toString();
  }
}

package org.argos.agents.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON text as Python's {@code json.dumps} writes it with its defaults: {@code ", "} and {@code ": "} separators,
 * keys in their order, every character outside printable ASCII escaped as {@code \\uXXXX}, floats as Python's
 * {@code repr}. An Argos server writes a task's {@code expected} and {@code request_data} this way, and an Argos
 * agent's {@code task_group} digests that text, so we write the same bytes.
 */
final class PythonJson {
  private PythonJson() {}

  /** @return {@code value} as {@code json.dumps(value)} writes it */
  static String dumps(@Nullable Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value);
    return sb.toString();
  }

  private static void write(StringBuilder sb, @Nullable Object value) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof String s) {
      quote(sb, s);
    } else if (value instanceof Boolean b) {
      sb.append(b ? "true" : "false");
    } else if (isInteger(value)) {
      sb.append(value);
    } else if (value instanceof Number n) {
      sb.append(floatRepr(n.doubleValue()));
    } else if (value instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        sb.append(i == 0 ? "" : ", ");
        write(sb, list.get(i));
      }
      sb.append(']');
    } else if (value instanceof Map<?, ?> map) {
      sb.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        quote(sb, String.valueOf(e.getKey()));
        sb.append(": ");
        write(sb, e.getValue());
        sb.append(it.hasNext() ? ", " : "");
      }
      sb.append('}');
    } else {
      quote(sb, value.toString());
    }
  }

  static boolean isInteger(Object value) {
    return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger;
  }

  /** Python's {@code ensure_ascii} escaping: only printable ASCII stays as it is. */
  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            // a character beyond the BMP is already two UTF-16 units here: each is escaped, as Python does
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /**
   * Python's {@code repr(float)}: the shortest digits that read back the same (as Java's {@link Double#toString}
   * since JDK 19), positional from 1e-4 up to 1e16, else {@code d.ddde+XX}.
   */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    BigDecimal v = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String sign = d < 0 ? "-" : "";
    int exponent = v.precision() - v.scale() - 1;
    if (exponent >= -4 && exponent < 16) {
      String plain = v.toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String digits = v.unscaledValue().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    int e = Math.abs(exponent);
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
  }
}

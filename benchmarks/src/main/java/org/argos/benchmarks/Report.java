package org.argos.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's output: titled markdown tables and notes, in the order they were added. */
final class Report {
  private final List<Object> parts = new ArrayList<>();

  /** A table whose rows are metrics and whose columns are scenarios, filled cell by cell. */
  static final class Pivot {
    final String title;
    final List<String> columns = new ArrayList<>();
    final Map<String, Map<String, String>> rows = new LinkedHashMap<>();

    Pivot(String title) {
      this.title = title;
    }

    void put(String column, String row, String value) {
      if (!columns.contains(column)) {
        columns.add(column);
      }
      rows.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(column, value);
    }
  }

  /** A plain table with a header and rows. */
  static final class Table {
    final String title;
    final List<String> header;
    final List<List<String>> rows = new ArrayList<>();

    Table(String title, String... header) {
      this.title = title;
      this.header = List.of(header);
    }

    void row(String... cells) {
      rows.add(List.of(cells));
    }
  }

  Pivot pivot(String title) {
    Pivot p = new Pivot(title);
    parts.add(p);
    return p;
  }

  Table table(String title, String... header) {
    Table t = new Table(title, header);
    parts.add(t);
    return t;
  }

  void note(String text) {
    parts.add(text);
  }

  /** @return the titles of every table, for checking that a run produced the whole report */
  List<String> titles() {
    List<String> t = new ArrayList<>();
    for (Object p : parts) {
      if (p instanceof Pivot pv) t.add(pv.title);
      if (p instanceof Table tb) t.add(tb.title);
    }
    return t;
  }

  String markdown() {
    StringBuilder sb = new StringBuilder();
    for (Object p : parts) {
      if (p instanceof Pivot pv) {
        sb.append("### ").append(pv.title).append("\n\n| |");
        pv.columns.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append("\n|---|");
        pv.columns.forEach(c -> sb.append("---:|"));
        sb.append('\n');
        pv.rows.forEach((name, cells) -> {
          sb.append("| ").append(name).append(" |");
          pv.columns.forEach(c -> sb.append(' ').append(cells.getOrDefault(c, "")).append(" |"));
          sb.append('\n');
        });
        sb.append('\n');
      } else if (p instanceof Table t) {
        sb.append("### ").append(t.title).append("\n\n|");
        t.header.forEach(h -> sb.append(' ').append(h).append(" |"));
        sb.append("\n|");
        t.header.forEach(h -> sb.append("---|"));
        sb.append('\n');
        for (List<String> r : t.rows) {
          sb.append('|');
          r.forEach(c -> sb.append(' ').append(c).append(" |"));
          sb.append('\n');
        }
        sb.append('\n');
      } else {
        sb.append(p).append("\n\n");
      }
    }
    return sb.toString();
  }
}

package org.argos.web.ui;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.ProbePeer;
import org.argos.api.Severity;
import org.argos.api.TaskStatus;
import org.argos.api.store.Store;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's failing tasks grouped by cause (issue 19 §7): tasks whose groups last connected to the same
 * address:port first, then tasks with the same message, then the rest one by one. Reads one page of tasks only.
 */
final class Problems {
  /** An address filter: an IP literal, and a port or 0 for any. */
  record Address(String ip, int port) {
    /** @return the filter read from {@code 10.0.0.5}, {@code 10.0.0.5:443}, {@code 2001:db8::1} or {@code [2001:db8::1]:443} */
    static Address parse(String raw) {
      String s = raw.strip();
      String ip = s;
      int port = 0;
      if (s.startsWith("[") && s.contains("]")) {
        ip = s.substring(1, s.indexOf(']'));
        String rest = s.substring(s.indexOf(']') + 1);
        port = rest.isEmpty() ? 0 : port(rest.startsWith(":") ? rest.substring(1) : rest, raw);
      } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
        ip = s.substring(0, s.indexOf(':'));
        port = port(s.substring(s.indexOf(':') + 1), raw);
      }
      try {
        new ProbePeer(ip, port == 0 ? 1 : port, null); // the same rules as what is stored
      } catch (org.argos.api.InvalidValueException e) {
        throw new WebUi.WebError(400, "address: an IP address, optionally with a port (10.0.0.5:443), got '"
            + Fmt.clip(raw) + "'");
      }
      return new Address(ip, port);
    }

    private static int port(String p, String raw) {
      try {
        int n = Integer.parseInt(p);
        if (n < 1 || n > 65535) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new WebUi.WebError(400, "address: the port must be 1 to 65535, got '" + Fmt.clip(raw) + "'");
      }
    }

    String label() {
      return port == 0 ? ip : new ProbePeer(ip, port, null).endpoint();
    }
  }

  /**
   * The tasks a problems form acts on: its {@code task} ids, or every failing task at its {@code address}; at most
   * {@link #MAX_TASKS}.
   *
   * @param ids the tasks
   * @param address the posted address, or null
   */
  record Selection(List<Long> ids, @Nullable Address address) {
    /** Reads the form; a 400 names the field when it is bad or selects nothing. */
    static Selection read(Store store, io.javalin.http.Context ctx, String verb) {
      String raw = java.util.Optional.ofNullable(ctx.formParam("address")).orElse("").strip();
      List<String> posted = ctx.formParams("task");
      if (posted.size() > MAX_TASKS) {
        throw new WebUi.WebError(400, "task: at most " + MAX_TASKS + " tasks at once");
      }
      java.util.Set<Long> ids = new java.util.LinkedHashSet<>();
      for (String p : posted) {
        try {
          ids.add(Long.parseLong(p.strip()));
        } catch (NumberFormatException e) {
          throw new WebUi.WebError(400, "task: a task id, got '" + Fmt.clip(p) + "'");
        }
      }
      Address address = raw.isEmpty() ? null : Address.parse(raw);
      if (address != null) {
        ids.addAll(store.failingAt(address.ip(), address.port(), 0, MAX_TASKS));
      }
      if (ids.isEmpty()) {
        throw new WebUi.WebError(400, "Nothing to " + verb + ": post task ids or an address.");
      }
      return new Selection(ids.stream().limit(MAX_TASKS).toList(), address);
    }

    /** @return the dashboard's query to go back to (filtered by the address if any), then {@code extra} */
    String back(String extra) {
      String q = address == null ? "" : "address=" + Fmt.enc(address.label());
      String all = q.isEmpty() ? extra : extra.isEmpty() ? q : q + "&" + extra;
      return all.isEmpty() ? "" : "?" + all;
    }
  }

  /** The most tasks one form acts on (as {@link org.argos.api.store.Acknowledgements#MAX_TASKS}). */
  static final int MAX_TASKS = 1000;

  private Problems() {}

  /**
   * @param store where peers, sites and per-location results are read
   * @param tasks the failing tasks of one page
   * @return the groups, biggest first within each kind
   */
  static List<Views.CauseGroup> group(Store store, Collection<TaskStatus> tasks) {
    Map<Long, ProbePeer> peers = tasks.isEmpty() ? Map.of()
        : store.peers(tasks.stream().map(TaskStatus::taskId).toList());
    Map<String, Boolean> several = new HashMap<>();
    List<Views.ProblemRow> rows = new ArrayList<>();
    for (TaskStatus t : tasks) {
      ProbePeer peer = peers.get(t.taskId());
      boolean many = several.computeIfAbsent(t.domain(),
          d -> store.site(d).map(s -> s.quorum().locations().size() > 1).orElse(false));
      List<Views.LocationRow> locations = many ? store.locationResults(t.taskId()).stream()
          .map(l -> new Views.LocationRow(l.location(), l.severity().label(), l.message(), l.at())).toList() : List.of();
      var s = t.state();
      rows.add(new Views.ProblemRow(t.taskId(), t.domain(), Fmt.key(t.domain()), t.url(), t.check().type(),
          Fmt.severity(s.severity()), s.message(), s.severitySince(), peer == null ? null : peer.endpoint(),
          peer == null ? null : peer.address(), locations, s.lifecycle().ackedBy(), s.lifecycle().ackedAt()));
    }
    List<Views.CauseGroup> out = new ArrayList<>();
    List<Views.ProblemRow> left = take(rows, r -> r.endpoint(), "address", out);
    left = take(left, r -> r.message().isBlank() ? null : r.message(), "message", out);
    for (Views.ProblemRow r : left) {
      out.add(new Views.CauseGroup("none", "", null, List.of(r)));
    }
    return out;
  }

  /** Moves the rows sharing a key with another row into groups; @return the rest, in order. */
  private static List<Views.ProblemRow> take(List<Views.ProblemRow> rows,
      java.util.function.Function<Views.ProblemRow, @Nullable String> key, String kind, List<Views.CauseGroup> out) {
    Map<String, List<Views.ProblemRow>> by = new LinkedHashMap<>();
    for (Views.ProblemRow r : rows) {
      String k = key.apply(r);
      if (k != null) {
        by.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
      }
    }
    List<Views.CauseGroup> found = new ArrayList<>();
    List<Views.ProblemRow> left = new ArrayList<>();
    for (Views.ProblemRow r : rows) {
      String k = key.apply(r);
      if (k == null || by.get(k).size() < 2) {
        left.add(r);
      }
    }
    by.forEach((k, rs) -> {
      if (rs.size() >= 2) {
        found.add(new Views.CauseGroup(kind, k, kind.equals("address") ? rs.get(0).address() : null, List.copyOf(rs)));
      }
    });
    found.sort(java.util.Comparator.comparingInt((Views.CauseGroup g) -> -g.tasks().size()));
    out.addAll(found);
    return left;
  }

  /** @return whether a task is failing (has a state that is not ok) */
  static boolean failing(TaskStatus t) {
    return t.state() != null && t.state().severity() != Severity.OK;
  }
}

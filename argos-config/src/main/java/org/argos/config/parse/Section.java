package org.argos.config.parse;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.argos.api.InvalidValueException;
import org.argos.api.settings.Setting;
import org.argos.api.settings.Settings;
import org.argos.api.settings.ValuePositions;
import org.argos.config.ConfigError;
import org.argos.config.yaml.ConfigNode;
import org.argos.config.yaml.ConfigNode.Entry;
import org.argos.config.yaml.ConfigNode.Mapping;
import org.argos.config.yaml.ConfigNode.Scalar;
import org.argos.config.yaml.ConfigNode.Sequence;
import org.jspecify.annotations.Nullable;

/** A mapping being read, with its key path; reports unknown keys on creation. */
final class Section {
  private final ParseRun run;
  final Mapping map;
  final String path;

  Section(ParseRun run, Mapping map, String path, @Nullable Set<String> known) {
    this.run = run;
    this.map = map;
    this.path = path;
    if (known != null) {
      for (Entry e : map.entries()) {
        if (!known.contains(e.name())) {
          try { // worded as argos-api words an unknown key of a check parameter or a notifier setting
            Settings.of(Collections.singletonMap(e.name(), null), "", path, ValuePositions.NONE).allowOnly(known);
          } catch (InvalidValueException unknown) {
            run.errors.add(new ConfigError(e.key().where(), join(e.name()), unknown.problem()));
          }
        }
      }
    }
  }

  String join(String key) {
    return path.isEmpty() ? key : key.isEmpty() ? path : path + "." + key;
  }

  void error(String key, @Nullable ConfigNode at, String message) {
    run.errors.add(new ConfigError((at == null ? map : at).where(), join(key), message));
  }

  @Nullable ConfigNode node(String key) {
    Entry e = map.entry(key);
    return e == null ? null : e.value();
  }

  /** A nested section; null when absent, null-valued (and not required) or of the wrong shape. */
  @Nullable Section section(String key, @Nullable Set<String> known, boolean required) {
    ConfigNode n = node(key);
    if (n == null || n instanceof Scalar sc && sc.value() == null) {
      if (required) {
        error(key, n == null ? map : n, n == null ? "is required" : "must not be empty");
      }
      return null;
    }
    return child(n, join(key), known);
  }

  @Nullable Section child(ConfigNode n, String childPath, @Nullable Set<String> known) {
    String full = childPath.startsWith(path) || path.isEmpty() ? childPath : join(childPath);
    if (!(n instanceof Mapping m)) {
      run.errors.add(new ConfigError(n.where(), full, "expected a mapping (key: value lines), got " + n.kind()));
      return null;
    }
    return new Section(run, m, full, known);
  }

  @Nullable String string(String key, boolean required) {
    ConfigNode n = node(key);
    if (n == null || n instanceof Scalar sc && sc.value() == null) {
      if (required) {
        error(key, n == null ? map : n, n == null ? "is required" : "must not be empty");
      }
      return null;
    }
    if (!(n instanceof Scalar sc)) {
      error(key, n, "expected a string, got " + n.kind());
      return null;
    }
    return sc.text();
  }

  @Nullable String oneOf(String key, Set<String> allowed, @Nullable String dflt) {
    String v = string(key, false);
    if (v == null) {
      return dflt;
    }
    if (!allowed.contains(v)) {
      error(key, node(key), "expected one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ", got '" + v + "'");
      return dflt;
    }
    return v;
  }

  /**
   * Reads a typed value with argos-api's reader, the one check parameters and notifier settings use, so that a bad
   * value is described the same way wherever it is written.
   *
   * @return the value, or {@code dflt} when the key is absent or (an error was added) the value is bad
   */
  private <T> T typed(String key, T dflt, Function<Setting, T> read) {
    ConfigNode n = node(key);
    if (n == null || n instanceof Scalar sc && sc.value() == null) {
      return dflt;
    }
    try {
      return read.apply(Setting.of(ConfigNode.toJsonLike(n), "", join(key), ValuePositions.NONE));
    } catch (InvalidValueException e) {
      error(key, n, e.problem());
      return dflt;
    }
  }

  boolean bool(String key, boolean dflt) {
    return typed(key, dflt, Setting::asBoolean);
  }

  int integer(String key, int dflt, int min) {
    return integer(key, dflt, min, Integer.MAX_VALUE);
  }

  int integer(String key, int dflt, int min, int max) {
    return typed(key, dflt, v -> v.asInt(min, max));
  }

  @Nullable Duration duration(String key, ChronoUnit bareUnit, @Nullable Duration dflt) {
    return typed(key, dflt, v -> v.asDuration(bareUnit));
  }

  List<String> stringList(String key, boolean required) {
    ConfigNode n = node(key);
    if (n == null || n instanceof Scalar sc0 && sc0.value() == null) {
      if (required) {
        error(key, n == null ? map : n, n == null ? "is required (a list)" : "must not be empty");
      }
      return List.of();
    }
    if (!(n instanceof Sequence seq)) {
      error(key, n, "expected a list (- item lines or [a, b]), got " + n.kind());
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      ConfigNode item = seq.items().get(i);
      if (item instanceof Scalar sc && sc.value() != null) {
        out.add(sc.text());
      } else {
        run.errors.add(new ConfigError(item.where(), join(key) + "[" + i + "]", "expected a string, got " + item.kind()));
      }
    }
    if (required && out.isEmpty() && seq.items().isEmpty()) {
      error(key, n, "must not be empty");
    }
    return out;
  }
}

package org.argos.config.yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;
import org.argos.config.ConfigError;

/**
 * Reads YAML into {@link ConfigNode}s with positions, using SnakeYAML's composer (which keeps marks). Resolves
 * {@code !include path} (relative to the including file), {@code !env VAR} and {@code ${VAR}} / {@code ${VAR:-default}}
 * in scalars ({@code $${} writes a literal {@code ${}). Problems are added to the error list; reading goes on so that
 * every error is reported at once.
 */
public final class YamlReader {
  private static final Pattern VAR = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final Tag INCLUDE = new Tag("!include");
  private static final Tag ENV = new Tag("!env");

  // Budgets, so that a config file (or a file it includes) cannot exhaust memory or the stack. A million-task fleet is
  // a config of about 60 MB and ten million nodes; these leave room for that and refuse what only an attack needs.
  /** The largest config file, and all the files it includes together, in characters. */
  static final int MAX_CHARS = 512 * 1024 * 1024;
  /** The most nodes a config may become, aliases expanded. */
  static final long MAX_NODES = 30_000_000;
  /**
   * The most aliases to lists and maps (SnakeYAML counts them): one per site is common ({@code <<: *defaults}); what
   * they expand to is bounded below.
   */
  static final int MAX_ALIASES = 1_000_000;
  /** Nodes an alias re-reads beyond this many plus ten per node written cut the file short (the "billion laughs"). */
  static final long MAX_ALIAS_NODES = 100_000;
  /** The deepest nesting of lists and maps. */
  static final int MAX_DEPTH = 64;
  /** The deepest chain of {@code !include}s. */
  static final int MAX_INCLUDE_DEPTH = 16;

  private final Map<String, String> env;
  private final List<ConfigError> errors;
  private final Resolver resolver = new Resolver();
  private final Deque<Path> including = new ArrayDeque<>();
  private final boolean files;
  /** Characters read so far, all files together. */
  private long chars;
  /** Nodes made so far, aliases expanded, all files together. */
  private long nodes;

  public YamlReader(Map<String, String> env, List<ConfigError> errors) {
    this(env, errors, true);
  }

  /**
   * @param files false for text from the network (API bodies): no {@code !include}, {@code !env} or {@code ${VAR}},
   *     so a client cannot read the server's files or environment
   */
  public YamlReader(Map<String, String> env, List<ConfigError> errors, boolean files) {
    this.env = env;
    this.errors = errors;
    this.files = files;
  }

  /** @return the root node of the file, or null when it cannot be read or parsed (an error was added) */
  public @Nullable ConfigNode read(Path file) {
    return read(file, null);
  }

  /** Reads YAML text (tests, the packaged example); includes resolve against {@code baseDir}. */
  public @Nullable ConfigNode read(String name, String text, Path baseDir) {
    return compose(name, new StringReader(text), baseDir, null, "");
  }

  private @Nullable ConfigNode read(Path file, ConfigNode.@Nullable Where from) {
    return read(file, from, "");
  }

  private @Nullable ConfigNode read(Path file, ConfigNode.@Nullable Where from, String key) {
    Path abs = file.toAbsolutePath().normalize();
    ConfigNode.Where at = from != null ? from : new ConfigNode.Where(file.toString(), 1, 1);
    if (including.size() >= MAX_INCLUDE_DEPTH) {
      errors.add(new ConfigError(at, key, "!include: includes nested deeper than " + MAX_INCLUDE_DEPTH
          + " files (through " + including + ")"));
      return null;
    }
    String text;
    try {
      // The size first, so that a huge file is refused before it is read into memory (4 bytes a character at most).
      if (Files.size(abs) > 4L * (MAX_CHARS - chars)) {
        errors.add(new ConfigError(at, key, abs + " is too large: config files may hold " + MAX_CHARS
            + " characters together"));
        return null;
      }
      text = Files.readString(abs, StandardCharsets.UTF_8);
      chars += text.length();
      if (chars > MAX_CHARS) {
        errors.add(new ConfigError(at, key, abs + " is too large: config files may hold " + MAX_CHARS
            + " characters together"));
        return null;
      }
    } catch (NoSuchFileException e) {
      errors.add(new ConfigError(from != null ? from : new ConfigNode.Where(file.toString(), 1, 1), key,
          "!include: file not found: " + abs));
      return null;
    } catch (IOException e) {
      errors.add(new ConfigError(from != null ? from : new ConfigNode.Where(file.toString(), 1, 1), key,
          "cannot read " + abs + ": " + e.getMessage()));
      return null;
    }
    if (including.contains(abs)) {
      errors.add(new ConfigError(from != null ? from : new ConfigNode.Where(file.toString(), 1, 1), key,
          "!include cycle: " + abs + " includes itself (through " + including + ")"));
      return null;
    }
    including.push(abs);
    try {
      return compose(file.toString(), new StringReader(text), abs.getParent(), from, key);
    } finally {
      including.pop();
    }
  }

  private @Nullable ConfigNode compose(String name, Reader reader, @Nullable Path baseDir, ConfigNode.@Nullable Where from,
      String key) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CHARS);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    Node root;
    try {
      root = yaml.compose(reader);
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
      errors.add(new ConfigError(m == null ? new ConfigNode.Where(name, 1, 1) : where(name, m), "",
          "invalid YAML: " + problem + context));
      return null;
    } catch (YAMLException e) {
      errors.add(new ConfigError(from != null ? from : new ConfigNode.Where(name, 1, 1), "", "invalid YAML: " + e.getMessage()));
      return null;
    }
    if (root == null) {
      errors.add(new ConfigError(from != null ? from : new ConfigNode.Where(name, 1, 1), "", "the file is empty"));
      return null;
    }
    long written = distinctNodes(root);
    Budget budget = new Budget(MAX_ALIAS_NODES + 10 * written);
    try {
      return convert(name, root, baseDir, new HashSet<>(), key, budget);
    } catch (OverBudget e) {
      errors.add(new ConfigError(e.at, e.key, e.getMessage()));
      return null;
    }
  }

  /** What aliases may still expand to in one file, and which nodes were already made once. */
  private static final class Budget {
    final java.util.Set<Node> made = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    long aliasNodes;
    final long maxAliasNodes;
    /** How many aliased nodes are being expanded around the current one (0: not inside an alias). */
    int insideAlias;

    Budget(long maxAliasNodes) {
      this.maxAliasNodes = maxAliasNodes;
    }
  }

  /** A config cut short: it would expand beyond a budget. */
  private static final class OverBudget extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ConfigNode.Where at;
    final String key;

    OverBudget(ConfigNode.Where at, String key, String message) {
      super(message, null, false, false);
      this.at = at;
      this.key = key;
    }
  }

  /** @return the nodes written in the file (each alias target once), walked without recursion */
  private static long distinctNodes(Node root) {
    java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (!seen.add(n)) {
        continue;
      }
      if (n instanceof SequenceNode sq) {
        sq.getValue().forEach(todo::push);
      } else if (n instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          todo.push(t.getKeyNode());
          todo.push(t.getValueNode());
        }
      }
    }
    return seen.size();
  }

  private static ConfigNode.Where where(String file, Mark m) {
    return new ConfigNode.Where(file, m.getLine() + 1, m.getColumn() + 1);
  }

  private @Nullable ConfigNode convert(String file, Node node, @Nullable Path baseDir, Set<Node> seen, String key,
      Budget budget) {
    ConfigNode.Where at = where(file, node.getStartMark());
    if (!seen.add(node)) {
      errors.add(new ConfigError(at, key, "recursive YAML alias"));
      return null;
    }
    if (seen.size() > MAX_DEPTH) {
      seen.remove(node);
      // aliases of nested values inside nested values nest deeper than the file's own text
      throw new OverBudget(at, key, "lists and maps nested deeper than " + MAX_DEPTH + " levels");
    }
    // A node made a second time is reached through an alias: it and everything under it count against the budget.
    boolean again = !budget.made.add(node);
    if (again) {
      budget.insideAlias++;
    }
    if (++nodes > MAX_NODES) {
      throw new OverBudget(at, key, "the config becomes more than " + MAX_NODES + " nodes");
    }
    if (budget.insideAlias > 0 && ++budget.aliasNodes > budget.maxAliasNodes) {
      throw new OverBudget(at, key, "YAML aliases expand to more than " + budget.maxAliasNodes
          + " nodes here (an alias bomb?); write the values out, or use fewer aliases of large lists and maps");
    }
    try {
      return switch (node) {
        case ScalarNode s -> scalar(file, s, at, baseDir, key);
        case SequenceNode s -> {
          List<ConfigNode> items = new ArrayList<>();
          for (Node n : s.getValue()) {
            ConfigNode c = convert(file, n, baseDir, seen, key + "[" + items.size() + "]", budget);
            if (c != null) {
              items.add(c);
            }
          }
          yield new ConfigNode.Sequence(at, items);
        }
        case MappingNode m -> mapping(file, m, at, baseDir, seen, key, budget);
        default -> {
          errors.add(new ConfigError(at, key, "unsupported YAML node " + node.getNodeId()));
          yield null;
        }
      };
    } finally {
      seen.remove(node);
      if (again) {
        budget.insideAlias--;
      }
    }
  }

  private ConfigNode mapping(String file, MappingNode m, ConfigNode.Where at, @Nullable Path baseDir, Set<Node> seen,
      String path, Budget budget) {
    List<ConfigNode.Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (NodeTuple t : m.getValue()) {
      ConfigNode key = convert(file, t.getKeyNode(), baseDir, seen, path, budget);
      String keyText = t.getKeyNode() instanceof ScalarNode ks ? ks.getValue() : "?";
      String childPath = path.isEmpty() ? keyText : path + "." + keyText;
      ConfigNode value = convert(file, t.getValueNode(), baseDir, seen, childPath, budget);
      if (key == null) {
        continue;
      }
      if (value == null) {
        // Already reported (a failed !include, a missing variable): keep the key so it is not also "required".
        value = new ConfigNode.Scalar(where(file, t.getValueNode().getStartMark()), null, "");
      }
      if (!(key instanceof ConfigNode.Scalar k) || k.value() == null && !k.text().isEmpty() && !"null".equals(k.text())) {
        errors.add(new ConfigError(key.where(), path, "a key must be a plain value, got " + key.kind()));
        continue;
      }
      if (t.getKeyNode().getTag().equals(Tag.MERGE) && value instanceof ConfigNode.Mapping merged) {
        for (ConfigNode.Entry e : merged.entries()) {
          if (names.add(e.name())) {
            entries.add(e);
          }
        }
        continue;
      }
      ConfigNode.Scalar textKey = new ConfigNode.Scalar(k.where(), k.text(), k.text());
      if (!names.add(k.text())) {
        errors.add(new ConfigError(k.where(), childPath, "duplicate key '" + k.text() + "' (YAML keeps only one; remove the other)"));
        continue;
      }
      entries.add(new ConfigNode.Entry(textKey, value));
    }
    return new ConfigNode.Mapping(at, entries);
  }

  private @Nullable ConfigNode scalar(String file, ScalarNode s, ConfigNode.Where at, @Nullable Path baseDir, String key) {
    String text = s.getValue();
    if (!files && (s.getTag().equals(INCLUDE) || s.getTag().equals(ENV))) {
      errors.add(new ConfigError(at, key, s.getTag().getValue() + " is only allowed in config files"));
      return null;
    }
    if (s.getTag().equals(INCLUDE)) {
      if (text.isBlank()) {
        errors.add(new ConfigError(at, key, "!include needs a file name, e.g. !include websites.yaml"));
        return null;
      }
      Path target = baseDir == null ? Path.of(text) : baseDir.resolve(text);
      return read(target, at, key);
    }
    if (s.getTag().equals(ENV)) {
      String v = env.get(text.trim());
      if (v == null) {
        errors.add(new ConfigError(at, key, "environment variable " + text.trim() + " is not set (used by !env)"));
        return null;
      }
      return new ConfigNode.Scalar(at, typed(v, true), v);
    }
    if (!s.getTag().startsWith(Tag.PREFIX) && s.getTag().getValue().startsWith("!")) {
      errors.add(new ConfigError(at, key, "unknown YAML tag " + s.getTag().getValue() + " (supported: !include, !env)"));
      return null;
    }
    boolean plain = s.isPlain();
    if (files && text.contains("${")) {
      String substituted = substitute(text, at, key);
      if (substituted == null) {
        return null;
      }
      return new ConfigNode.Scalar(at, plain ? typed(substituted, true) : substituted, substituted);
    }
    return new ConfigNode.Scalar(at, valueOf(s.getTag(), text), text);
  }

  private @Nullable String substitute(String text, ConfigNode.Where at, String key) {
    Matcher m = VAR.matcher(text);
    StringBuilder sb = new StringBuilder();
    boolean ok = true;
    while (m.find()) {
      String replacement;
      if (m.group().equals("$${")) {
        replacement = "${";
      } else {
        String v = env.get(m.group(1));
        if (v == null) {
          v = m.group(2);
        }
        if (v == null) {
          errors.add(new ConfigError(at, key, "environment variable " + m.group(1) + " is not set (write ${" + m.group(1)
              + ":-default} to give a default)"));
          ok = false;
          v = "";
        }
        replacement = v;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return ok ? sb.toString() : null;
  }

  private @Nullable Object typed(String text, boolean plain) {
    return valueOf(resolver.resolve(NodeId.scalar, text, plain), text);
  }

  private static @Nullable Object valueOf(Tag tag, String text) {
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      return switch (text.toLowerCase(java.util.Locale.ROOT)) {
        case "true", "yes", "on", "y" -> Boolean.TRUE;
        default -> Boolean.FALSE;
      };
    }
    if (tag.equals(Tag.INT)) {
      try {
        long v = Long.decode(text.replace("_", "").replaceFirst("^([+-]?)0o", "$10"));
        if (v == (int) v) {
          return Integer.valueOf((int) v); // not a ?: expression, which would widen both branches to Long
        }
        return Long.valueOf(v);
      } catch (NumberFormatException e) {
        return text;
      }
    }
    if (tag.equals(Tag.FLOAT)) {
      try {
        return Double.valueOf(text.replace("_", ""));
      } catch (NumberFormatException e) {
        return text;
      }
    }
    return text;
  }
}

package org.argos.web.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.argos.agents.protocol.Json;
import org.argos.config.ConfigError;
import org.argos.config.yaml.ConfigNode;

/**
 * Reads a JSON body (a site sent to {@code PUT /api/sites/...}) into {@link ConfigNode}s with line and column, so the
 * config parser validates it as it validates a websites entry and its errors point into the body. JSON has no aliases,
 * tags or includes, and {@link Json#LIMITS} bound its depth, strings and tokens while it is read.
 */
public final class JsonConfigReader {
  private final String name;
  private final List<ConfigError> errors;

  private JsonConfigReader(String name, List<ConfigError> errors) {
    this.name = name;
    this.errors = errors;
  }

  /** @return the root node, or null when the text is not one valid JSON value (an error was added) */
  public static @Nullable ConfigNode read(String name, String text, List<ConfigError> errors) {
    JsonConfigReader r = new JsonConfigReader(name, errors);
    try (JsonParser p = Json.MAPPER.getFactory().createParser(text)) {
      if (p.nextToken() == null) {
        errors.add(new ConfigError(new ConfigNode.Where(name, 1, 1), "", "the body is empty"));
        return null;
      }
      ConfigNode root = r.value(p, "");
      if (p.nextToken() != null) {
        errors.add(new ConfigError(r.where(p.currentTokenLocation()), "", "unexpected content after the JSON value"));
        return null;
      }
      return root;
    } catch (JsonProcessingException e) {
      Json.Invalid bad = Json.invalid(e);
      errors.add(new ConfigError(new ConfigNode.Where(name, bad.line, bad.column), "", bad.getMessage()));
      return null;
    } catch (IOException e) {
      errors.add(new ConfigError(new ConfigNode.Where(name, 1, 1), "", "the body cannot be read: " + e.getMessage()));
      return null;
    }
  }

  private ConfigNode.Where where(JsonLocation l) {
    return new ConfigNode.Where(name, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }

  // Recursion is bounded by Json.MAX_DEPTH, which the parser enforces before we get here.
  private ConfigNode value(JsonParser p, String path) throws IOException {
    ConfigNode.Where at = where(p.currentTokenLocation());
    JsonToken t = p.currentToken();
    return switch (t) {
      case START_OBJECT -> object(p, at, path);
      case START_ARRAY -> {
        List<ConfigNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(p, path + "[" + items.size() + "]"));
        }
        yield new ConfigNode.Sequence(at, items);
      }
      case VALUE_STRING -> new ConfigNode.Scalar(at, p.getText(), p.getText());
      case VALUE_NUMBER_INT -> {
        BigInteger big = p.getBigIntegerValue();
        Object v = big.bitLength() < 32 ? Integer.valueOf(big.intValue())
            : big.bitLength() < 64 ? (Object) Long.valueOf(big.longValue()) : p.getText();
        yield new ConfigNode.Scalar(at, v, p.getText());
      }
      case VALUE_NUMBER_FLOAT -> new ConfigNode.Scalar(at, p.getDoubleValue(), p.getText());
      case VALUE_TRUE -> new ConfigNode.Scalar(at, Boolean.TRUE, "true");
      case VALUE_FALSE -> new ConfigNode.Scalar(at, Boolean.FALSE, "false");
      case VALUE_NULL -> new ConfigNode.Scalar(at, null, "null");
      default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + t);
    };
  }

  private ConfigNode object(JsonParser p, ConfigNode.Where at, String path) throws IOException {
    List<ConfigNode.Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      ConfigNode.Scalar keyNode = new ConfigNode.Scalar(where(p.currentTokenLocation()), key, key);
      String childPath = path.isEmpty() ? key : path + "." + key;
      p.nextToken();
      ConfigNode value = value(p, childPath);
      if (!names.add(key)) {
        errors.add(new ConfigError(keyNode.where(), childPath, "duplicate key '" + key + "' (remove one of them)"));
        continue;
      }
      entries.add(new ConfigNode.Entry(keyNode, value));
    }
    return new ConfigNode.Mapping(at, entries);
  }
}

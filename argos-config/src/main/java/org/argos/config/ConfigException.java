package org.argos.config;

import java.util.List;
import org.argos.api.ArgosException;

/** A config file could not be read; carries every error found, not only the first. */
public final class ConfigException extends ArgosException {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(render(errors));
    this.errors = List.copyOf(errors);
  }

  public List<ConfigError> errors() {
    return errors;
  }

  private static String render(List<ConfigError> errors) {
    StringBuilder sb = new StringBuilder(errors.size() == 1 ? "1 error in the configuration:" : errors.size() + " errors in the configuration:");
    errors.forEach(e -> sb.append("\n  ").append(e));
    return sb.toString();
  }
}

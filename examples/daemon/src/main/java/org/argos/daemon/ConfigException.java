package org.argos.daemon;

import java.util.List;
import org.argos.api.ArgosException;

/** A config file could not be read; carries every error found, not only the first. */
final class ConfigException extends ArgosException {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigError> errors;

  ConfigException(List<ConfigError> errors) {
    super(render(errors));
    this.errors = List.copyOf(errors);
  }

  List<ConfigError> errors() {
    return errors;
  }

  private static String render(List<ConfigError> errors) {
    StringBuilder sb = new StringBuilder(errors.size() == 1 ? "1 error in the configuration:" : errors.size() + " errors in the configuration:");
    errors.forEach(e -> sb.append("\n  ").append(e));
    return sb.toString();
  }
}

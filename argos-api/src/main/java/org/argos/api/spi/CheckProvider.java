package org.argos.api.spi;

import java.util.List;
import java.util.Set;
import org.argos.api.InvalidCheckParameterException;
import org.jspecify.annotations.Nullable;

/**
 * Offers one check type by name ({@code status-is}, {@code body-contains}...). Found through
 * {@link java.util.ServiceLoader} (list the class in {@code META-INF/services/org.argos.api.spi.CheckProvider}) or
 * installed explicitly on the engine's builder. Implementations must be thread-safe and cheap to construct.
 */
public interface CheckProvider {
  /** @return the check type name users write in configs; lower case, words joined by {@code -} */
  String name();

  /**
   * Validates a parameter and builds the check. Called when a site is registered, so a bad parameter is refused
   * before anything is stored.
   *
   * @param parameter the JSON-like parameter as the user wrote it
   * @return a thread-safe check, reused for every evaluation
   * @throws InvalidCheckParameterException naming the check and the value, when the parameter is not acceptable
   */
  Check create(@Nullable Object parameter);

  /**
   * The schemes whose responses this check can read. A site with this check on another scheme is refused at
   * registration, naming the check and the scheme.
   *
   * @return lower-case schemes ({@link ProbeRequest#scheme()}) of the requests this check evaluates; by default
   *     {@code http} and {@code https}
   */
  default Set<String> schemes() {
    return Set.of("http", "https");
  }

  /** @return one sentence saying what the check verifies and when it fails */
  default String description() {
    return "";
  }

  /** @return what the parameter is, for documentation ("an HTTP status code, e.g. 200") */
  default String parameterHelp() {
    return "";
  }

  /** @return parameters {@link #create} accepts; used by docs and by the compatibility kit */
  default List<@Nullable Object> exampleParameters() {
    return List.of();
  }

  /** @return parameters {@link #create} must refuse; used by the compatibility kit */
  default List<@Nullable Object> invalidParameters() {
    return List.of();
  }
}

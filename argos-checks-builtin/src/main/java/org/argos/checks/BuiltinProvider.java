package org.argos.checks;

import java.util.List;
import org.argos.api.spi.CheckProvider;
import org.jspecify.annotations.Nullable;

/**
 * What a built-in check provider says about itself (for the docs, {@code argos checks} and the compatibility kit),
 * given once to the constructor; each provider adds only how it creates its check.
 */
abstract class BuiltinProvider implements CheckProvider {
  private final String name;
  private final String description;
  private final String parameterHelp;
  private final List<@Nullable Object> examples;
  private final List<@Nullable Object> invalid;

  BuiltinProvider(String name, String description, String parameterHelp, List<@Nullable Object> examples,
      List<@Nullable Object> invalid) {
    this.name = name;
    this.description = description;
    this.parameterHelp = parameterHelp;
    this.examples = examples;
    this.invalid = invalid;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final String parameterHelp() {
    return parameterHelp;
  }

  @Override
  public final List<@Nullable Object> exampleParameters() {
    return examples;
  }

  @Override
  public final List<@Nullable Object> invalidParameters() {
    return invalid;
  }
}

package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.argos.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon judges a routed channel's notifier settings while it reads the file: a bad one is a config error. */
class NotifierSettingsConfigTest {
  @Test
  void aBadNotifierSettingIsAConfigErrorAtItsPosition(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("argos.yaml");
    Files.writeString(f, """
        general:
          frequency: 5m
          alerts:
            critical: [ops]
        service:
          secrets: []
        websites: []
        argos_java:
          notifiers:
            ops:
              type: webhook
              url: https://hooks.example.org/argos
              timeout: 0
        """);
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Server.load(f, Map.of(), dir, null, List.of()));
    assertThat(e).isNotNull();
    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0).toString()).startsWith(f + ":13:16: argos_java.notifiers.ops.timeout: ");
  }
}

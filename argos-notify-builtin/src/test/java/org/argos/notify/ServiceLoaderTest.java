package org.argos.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.argos.api.spi.NotifierProvider;
import org.junit.jupiter.api.Test;

class ServiceLoaderTest {
  @Test
  void everyChannelIsDiscoverable() {
    assertThat(ServiceLoader.load(NotifierProvider.class).stream().map(p -> p.get().type()))
        .containsExactlyInAnyOrder("local", "mail", "gotify", "webhook", "ntfy", "slack", "mattermost", "apprise");
  }
}

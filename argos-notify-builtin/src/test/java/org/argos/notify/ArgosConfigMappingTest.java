package org.argos.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;
import org.junit.jupiter.api.Test;

/**
 * The recipe the daemon follows to build channels from an Argos {@code general} section (docs/notifications.md): the
 * sections are handed over as parsed, without translation.
 */
class ArgosConfigMappingTest {
  /** {@code general} of an Argos config, as a YAML parser produces it. */
  private static final Map<String, Object> GENERAL = Map.of(
      "alerts", Map.of(
          "ok", List.of("local"),
          "critical", List.of("local", "mail", "gotify", "apprise:ops")),
      "mail", Map.of(
          "mailfrom", "argos@example.org", "host", "127.0.0.1", "port", 25, "ssl", false, "starttls", false,
          "auth", Map.of("login", "argos", "password", "pw"), "addresses", List.of("ops@example.org")),
      "gotify", List.of(Map.of("url", "https://gotify.example.org", "tokens", List.of("AbC", "DeF"))),
      "apprise", Map.of("ops", List.of("mailto://argos:pw@example.org", "ntfys://ntfy.example.org/argos")));

  @Test
  void everyChannelOfAnArgosConfigBuilds() {
    Map<String, NotifierProvider> providers = ServiceLoader.load(NotifierProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .collect(Collectors.toMap(NotifierProvider::type, p -> p));
    Map<String, Notifier> channels = new LinkedHashMap<>();
    @SuppressWarnings("unchecked")
    Map<String, List<String>> alerts = (Map<String, List<String>>) GENERAL.get("alerts");
    alerts.values().stream().flatMap(List::stream).distinct().forEach(channel -> {
      Notifier n;
      if (channel.startsWith("apprise:")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> groups = (Map<String, Object>) GENERAL.get("apprise");
        n = providers.get("apprise").create(channel, Map.of("urls", groups.get(channel.substring("apprise:".length()))));
      } else if (channel.equals("gotify")) {
        n = providers.get("gotify").create(channel, Map.of("servers", GENERAL.get("gotify")));
      } else if (channel.equals("mail")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> mail = (Map<String, Object>) GENERAL.get("mail");
        n = providers.get("mail").create(channel, mail);
      } else {
        n = providers.get(channel).create(channel, Map.of());
      }
      channels.put(channel, n);
    });
    assertThat(channels).containsOnlyKeys("local", "mail", "gotify", "apprise:ops");
    channels.forEach((name, n) -> assertThat(n.channel()).isEqualTo(name));
    channels.values().forEach(Notifier::close);
  }
}

package org.argos.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.ArgosException;
import org.argos.api.InvalidValueException;
import org.argos.api.NotificationException;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;

/**
 * The {@code apprise} channel: one Argos {@code general.apprise} group. Settings: {@code urls} (required; Apprise
 * URLs, mapped by {@link AppriseUrls}) and {@code timeout} (default 10 s, given to each target). A send goes to every
 * URL; when any fails, the send throws after trying all, naming the failed ones (masked).
 *
 * <p>An Argos config's {@code apprise: {ops: [urls]}} with alerts routed to {@code apprise:ops} becomes a channel
 * named {@code apprise:ops} of this type with settings {@code {urls: [...]}}.
 */
public final class AppriseNotifierProvider implements NotifierProvider {
  private static final Map<String, NotifierProvider> CHANNELS = Map.of(
      "mail", new MailNotifierProvider(),
      "gotify", new GotifyNotifierProvider(),
      "ntfy", new NtfyNotifierProvider(),
      "webhook", new WebhookNotifierProvider(),
      "slack", new SlackNotifierProvider(),
      "mattermost", new MattermostNotifierProvider());

  /** Used by {@link java.util.ServiceLoader}. */
  public AppriseNotifierProvider() {}

  @Override
  public String type() {
    return "apprise";
  }

  @Override
  public Notifier create(String channel, Map<String, Object> settings) {
    Settings s = Settings.of(type(), channel, settings, Set.of("urls", "timeout"));
    List<String> urls = s.requiredStringList("urls");
    Object timeout = settings.get("timeout");
    s.timeout(); // validated here so the error names this channel's setting
    List<Member> members = new ArrayList<>();
    try {
      for (int i = 0; i < urls.size(); i++) {
        String url = urls.get(i);
        AppriseUrls.Target target;
        try {
          target = AppriseUrls.map(url);
        } catch (ArgosException e) {
          throw new InvalidValueException(s.where(), "urls[" + i + "]", null, e.getMessage(), e);
        }
        Map<String, Object> childSettings = new LinkedHashMap<>(target.settings());
        if (timeout != null) {
          childSettings.put("timeout", timeout);
        }
        String masked = AppriseUrls.mask(url);
        Notifier child;
        try {
          // The group's name, not a per-URL one: a json:// receiver sees it as the payload's "channel".
          child = CHANNELS.get(target.type()).create(channel, childSettings);
        } catch (ArgosException e) {
          throw new InvalidValueException(s.where(), "urls[" + i + "]", null,
              "\"" + masked + "\" as " + target.type() + ": " + e.getMessage(), e);
        }
        members.add(new Member(masked, child));
      }
    } catch (RuntimeException e) {
      members.forEach(m -> m.notifier().close());
      throw e;
    }
    return new AppriseNotifier(channel, List.copyOf(members));
  }

  private record Member(String shown, Notifier notifier) {}

  private record AppriseNotifier(String channel, List<Member> members) implements Notifier {
    @Override
    public void send(Notification n) throws NotificationException {
      List<String> failures = new ArrayList<>();
      RuntimeException first = null;
      for (Member m : members) {
        if (Thread.currentThread().isInterrupted()) { // stopping: the remaining URLs are tried on the next attempt
          failures.add(m.shown() + ": not tried, the engine is stopping");
          continue;
        }
        try {
          m.notifier().send(n);
        } catch (RuntimeException e) {
          failures.add(m.shown() + ": " + e.getMessage());
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (!failures.isEmpty()) {
        throw new NotificationException("apprise channel '" + channel + "': " + failures.size() + " of "
            + members.size() + " URLs failed: " + String.join("; ", failures), first);
      }
    }

    @Override
    public void close() {
      members.forEach(m -> m.notifier().close());
    }
  }
}

package org.argos.notify;

/**
 * The {@code mattermost} channel: a Mattermost incoming webhook, which accepts Slack's payload. Same settings and
 * payload as {@link SlackNotifierProvider}; the separate type only makes configs (and Apprise's {@code mmost://})
 * say what they mean.
 */
public final class MattermostNotifierProvider extends SlackNotifierProvider {
  /** Used by {@link java.util.ServiceLoader}. */
  public MattermostNotifierProvider() {}

  @Override
  public String type() {
    return "mattermost";
  }
}

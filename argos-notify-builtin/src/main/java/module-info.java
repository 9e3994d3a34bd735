/** The built-in notification channels of Argos. Only the providers (and the Apprise URL mapping) are public. */
module org.argos.notify {
  requires transitive org.argos.api;
  requires org.slf4j;
  requires java.net.http;
  requires com.fasterxml.jackson.databind;
  requires org.simplejavamail;
  requires org.simplejavamail.core;
  requires jakarta.mail;

  exports org.argos.notify;

  provides org.argos.api.spi.NotifierProvider with
      org.argos.notify.LocalNotifierProvider,
      org.argos.notify.MailNotifierProvider,
      org.argos.notify.GotifyNotifierProvider,
      org.argos.notify.WebhookNotifierProvider,
      org.argos.notify.NtfyNotifierProvider,
      org.argos.notify.SlackNotifierProvider,
      org.argos.notify.MattermostNotifierProvider,
      org.argos.notify.AppriseNotifierProvider;
}

package org.argos.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.argos.api.NotificationException;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;
import org.jspecify.annotations.Nullable;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.api.mailer.config.TransportStrategy;
import org.simplejavamail.email.EmailBuilder;
import org.simplejavamail.mailer.MailerBuilder;
import org.simplejavamail.mailer.internal.MailerRegularBuilderImpl;

/**
 * The {@code mail} channel, with the keys of Argos' {@code general.mail} section: {@code mailfrom} (required),
 * {@code host} (default {@code 127.0.0.1}), {@code port} (default 25), {@code ssl} (SMTPS), {@code starttls}
 * (mandatory STARTTLS), {@code auth: {login, password}}, {@code addresses} (required; one message per address, as
 * Argos sends them) and {@code timeout} (default 10 s, applies to connect, read and write).
 *
 * <p>Each message has a plain-text and an HTML part. Without {@code ssl} or {@code starttls}, Simple Java Mail still
 * upgrades to TLS when the server offers it, without checking the certificate (better than plain text, no worse than
 * Argos).
 */
public final class MailNotifierProvider implements NotifierProvider {
  /**
   * The header that carries the notification's idempotency key; a repeat of a message also keeps its
   * {@code Message-ID}.
   */
  public static final String IDEMPOTENCY_HEADER = "X-Argos-Idempotency-Key";

  private static final Set<String> KEYS =
      Set.of("mailfrom", "host", "port", "ssl", "starttls", "auth", "addresses", "timeout");

  private final UnaryOperator<MailerRegularBuilderImpl> customizer;

  /** Used by {@link java.util.ServiceLoader}. */
  public MailNotifierProvider() {
    this(UnaryOperator.identity());
  }

  // Tests trust GreenMail's self-signed certificate through this; production code never relaxes TLS checks.
  MailNotifierProvider(UnaryOperator<MailerRegularBuilderImpl> customizer) {
    this.customizer = customizer;
  }

  @Override
  public String type() {
    return "mail";
  }

  @Override
  public Notifier create(String channel, Map<String, Object> settings) {
    Settings s = Settings.of(type(), channel, settings, KEYS);
    String from = address(s, "mailfrom", s.requiredString("mailfrom"));
    String host = s.string("host", "127.0.0.1");
    boolean ssl = s.bool("ssl", false);
    boolean starttls = s.bool("starttls", false);
    if (ssl && starttls) {
      throw s.invalid("starttls", true, "choose either ssl (SMTPS, port 465) or starttls (port 587), not both");
    }
    int port = s.integer("port", 25, 1, 65535);
    Settings auth = s.optionalSection("auth", Set.of("login", "password"));
    @Nullable String login = null;
    @Nullable String password = null;
    if (auth != null) {
      login = auth.requiredString("login");
      password = auth.requiredString("password");
    }
    List<String> addresses = new ArrayList<>();
    List<String> raw = s.requiredStringList("addresses");
    for (int i = 0; i < raw.size(); i++) {
      addresses.add(address(s, "addresses[" + i + "]", raw.get(i)));
    }
    int timeoutMs = (int) s.timeout().toMillis();
    TransportStrategy strategy = ssl ? TransportStrategy.SMTPS : starttls ? TransportStrategy.SMTP_TLS : TransportStrategy.SMTP;
    MailerRegularBuilderImpl builder = MailerBuilder.withTransportStrategy(strategy)
        .withSMTPServer(host, port, login, password)
        .withSessionTimeout(timeoutMs)
        // Addresses are checked once in create(); Simple Java Mail's own validator refuses addresses such as
        // root@localhost at send time, which would turn a valid Argos config into a failure retried forever.
        .clearEmailValidator();
    Mailer mailer = customizer.apply(builder).buildMailer();
    return new MailNotifier(channel, mailer, from, List.copyOf(addresses), host + ":" + port);
  }

  private static String address(Settings s, String key, String value) {
    try {
      InternetAddress a = new InternetAddress(value, true);
      a.validate();
      return value;
    } catch (AddressException e) {
      throw s.invalid(key, value, "not a valid mail address (" + e.getMessage() + ")");
    }
  }

  /**
   * @return {@code <argos.KEY.ADDRESS-HASH@FROM-DOMAIN>}: the same for every repeat of a message to one address,
   *     different for each address (each gets a message of its own)
   */
  static String messageId(Notification n, String from, String to) {
    String domain = from.substring(from.lastIndexOf('@') + 1).replaceAll("[^A-Za-z0-9.-]", "");
    String addressHash = Notification.keyOf(to.toLowerCase(java.util.Locale.ROOT), List.of()).substring(0, 12);
    String host = domain.isEmpty() ? "argos.invalid" : domain;
    return "<argos." + n.idempotencyKey() + "." + addressHash + "@" + host + ">";
  }

  private record MailNotifier(String channel, Mailer mailer, String from, List<String> addresses, String server)
      implements Notifier {
    @Override
    public void send(Notification n) throws NotificationException {
      String subject = AlertText.subject(n);
      String plain = AlertText.plain(n);
      String html = AlertText.html(n);
      List<String> failures = new ArrayList<>();
      Exception first = null;
      // One message per address, as Argos does, so that one bad address does not stop the others.
      for (String to : addresses) {
        Email email = EmailBuilder.startingBlank()
            .from(from)
            .to(to)
            .withSubject(subject)
            .withPlainText(plain)
            .withHTMLText(html)
            .withHeader(IDEMPOTENCY_HEADER, n.idempotencyKey())
            // stable across repeats of the same message to the same address: mail systems that de-duplicate on it can
            .fixingMessageId(messageId(n, from, to))
            .buildEmail();
        try {
          mailer.sendMail(email).join();
        } catch (RuntimeException e) {
          Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          failures.add(to + ": " + describe(cause));
          if (first == null) {
            first = e;
          }
        }
      }
      if (first != null) {
        throw new NotificationException("mail via " + server + " failed for " + failures.size()
            + " of " + addresses.size() + " addresses: " + String.join("; ", failures), first);
      }
    }

    private static String describe(Throwable t) {
      StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
      Throwable c = t.getCause();
      for (int depth = 0; c != null && depth < 4; depth++, c = c.getCause()) {
        sb.append(" <- ").append(c.getMessage());
      }
      return AlertText.oneLine(sb.toString(), 400);
    }

    @Override
    public void close() {
      try {
        mailer.close();
      } catch (Exception e) {
        // Nothing useful to do when a connection pool fails to shut down at close.
      }
    }
  }
}

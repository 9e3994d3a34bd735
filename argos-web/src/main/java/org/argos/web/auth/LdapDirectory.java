package org.argos.web.auth;

import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.naming.AuthenticationException;
import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.ServiceUnavailableException;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.InvalidSearchFilterException;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import org.argos.web.ui.WebUi.Verdict;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.argos.config.DaemonConfig;

/**
 * Web UI logins against an LDAP directory ({@code general.ldap}), as Argos does them: bind with {@code bind_dn} /
 * {@code bind_pwd} (anonymously without them), search {@code user_tree} for
 * {@code (&(user_attr=<name>)user_filter)} with the name escaped (RFC 4515), then bind as the entry found with the
 * password given. Uses the JDK's JNDI LDAP client with connect and read timeouts; no connection is kept between logins.
 * An unreachable or misconfigured directory is logged and answered {@link Verdict#UNAVAILABLE}, never thrown.
 */
public final class LdapDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(LdapDirectory.class);
  /** Each login attempt may log: anyone can attempt, so the lines are rate-limited (one kind per cause). */
  private final org.argos.web.http.RateLimitedLog lines = org.argos.web.http.RateLimitedLog.of(LOG);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  /** How long a session's user, once found in the directory, is taken as still there without asking again. */
  static final Duration ACTIVE_CACHE = Duration.ofSeconds(60);
  private static final int ACTIVE_CACHE_SIZE = 1000;
  /** The entry {@link #decoyBind} binds as, under {@code user_tree}. */
  static final String DECOY_RDN = "cn=argos-decoy-no-such-user";

  private final DaemonConfig.Ldap config;
  private final Duration timeout;
  private final Clock clock;
  private final Map<String, Instant> seen = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > ACTIVE_CACHE_SIZE;
    }
  };

  public LdapDirectory(DaemonConfig.Ldap config, Duration timeout, Clock clock) {
    this.config = config;
    this.timeout = timeout;
    this.clock = clock;
  }

  public DaemonConfig.Ldap config() {
    return config;
  }

  /** The directory's answer to a search: the DN found, none, or no answer. */
  private record Found(@Nullable String dn, boolean unavailable, boolean ambiguous) {
    static final Found NONE = new Found(null, false, false);
    static final Found NO_ANSWER = new Found(null, true, false);
    static final Found SEVERAL = new Found(null, false, true);
  }

  /** @return whether this name and password let the user in */
  public Verdict authenticate(String user, String password) {
    if (user.isEmpty() || password.isEmpty()) {
      return Verdict.REJECTED; // an empty password would be an anonymous bind, which LDAP servers accept
    }
    Found found = find(user);
    if (found.unavailable()) {
      return Verdict.UNAVAILABLE;
    }
    if (found.ambiguous()) {
      decoyBind(password); // logged by find
      return Verdict.REJECTED;
    }
    if (found.dn() == null) {
      lines.info("ldap-unknown-user", "web UI login: no LDAP entry in {} matches user '{}' and user_filter",
          config.userTree(), printable(user));
      decoyBind(password);
      return Verdict.REJECTED;
    }
    try {
      close(connect(found.dn(), password));
      synchronized (seen) {
        seen.put(user, clock.instant());
      }
      return Verdict.ACCEPTED;
    } catch (AuthenticationException e) {
      lines.info("ldap-wrong-password", "web UI login: LDAP refused the password of '{}' ({})", printable(user),
          found.dn());
      return Verdict.REJECTED;
    } catch (NamingException e) {
      return unavailable("binding as " + found.dn(), e);
    }
  }

  /**
   * Binds, with the password given, as an entry that does not exist, and ignores the answer: a name nobody has (or one
   * left out by {@code user_filter}) then costs the same connection, bind and round trips as a wrong password, so the
   * time a login takes does not tell which names are in the directory.
   */
  private void decoyBind(String password) {
    try {
      close(connect(DECOY_RDN + "," + config.userTree(), password));
      LOG.warn("web UI login: the LDAP server {} accepted a bind as {},{}, an entry that should not exist",
          config.uri(), DECOY_RDN, config.userTree());
    } catch (NamingException e) {
      // expected: invalid credentials (or the server went away, which the next login reports)
    }
  }

  /**
   * @return true when the user is still in the directory and passes {@code user_filter}; asked again at most every
   *     {@link #ACTIVE_CACHE}. An unreachable directory ends sessions (as in Argos): better than keeping a removed user.
   */
  public boolean active(String user) {
    Instant now = clock.instant();
    synchronized (seen) {
      Instant at = seen.get(user);
      if (at != null && now.isBefore(at.plus(ACTIVE_CACHE))) {
        return true;
      }
    }
    Found found = find(user);
    synchronized (seen) {
      if (found.dn() != null) {
        seen.put(user, now);
        return true;
      }
      seen.remove(user);
      return false;
    }
  }

  private Found find(String user) {
    DirContext ctx;
    try {
      ctx = connect(config.bindDn(), config.bindPwd());
    } catch (AuthenticationException e) {
      lines.error("ldap-service-account", "web UI login: the LDAP server {} refused the service account: check "
          + "general.ldap.bind_dn and bind_pwd ({})", org.argos.api.Redaction.url(config.uri()), e.getExplanation());
      return Found.NO_ANSWER;
    } catch (NamingException e) {
      unavailable("binding as " + (config.bindDn() == null ? "anonymous" : config.bindDn()), e);
      return Found.NO_ANSWER;
    }
    try {
      SearchControls sc = new SearchControls();
      sc.setSearchScope(SearchControls.SUBTREE_SCOPE);
      sc.setReturningAttributes(new String[0]);
      sc.setCountLimit(2);
      sc.setTimeLimit((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      NamingEnumeration<SearchResult> results = ctx.search(config.userTree(), filter(config, user), sc);
      String dn = null;
      int n = 0;
      try {
        while (results.hasMore()) {
          SearchResult r = results.next();
          n++;
          dn = r.getNameInNamespace();
        }
      } catch (javax.naming.SizeLimitExceededException e) {
        n = Math.max(n, 2);
      } finally {
        results.close();
      }
      if (n > 1) {
        lines.warn("ldap-ambiguous", "web UI login: user '{}' matches several LDAP entries under {}; refused (make {} "
            + "unique or narrow user_filter)",
            printable(user), config.userTree(), config.userAttr());
        return Found.SEVERAL;
      }
      return dn == null ? Found.NONE : new Found(dn, false, false);
    } catch (InvalidSearchFilterException e) {
      lines.error("ldap-filter", "web UI login: general.ldap.user_filter or user_attr makes an invalid LDAP filter: {}",
          e.getMessage());
      return Found.NO_ANSWER;
    } catch (javax.naming.NameNotFoundException e) {
      lines.error("ldap-user-tree", "web UI login: general.ldap.user_tree '{}' does not exist on {}", config.userTree(),
          org.argos.api.Redaction.url(config.uri()));
      return Found.NO_ANSWER;
    } catch (NamingException e) {
      unavailable("searching " + config.userTree(), e);
      return Found.NO_ANSWER;
    } finally {
      close(ctx);
    }
  }

  private Verdict unavailable(String doing, NamingException e) {
    Throwable cause = e.getRootCause() != null ? e.getRootCause() : e;
    String why = cause instanceof SocketTimeoutException || String.valueOf(cause.getMessage()).contains("timed out")
        ? "no answer within " + timeout.toMillis() + " ms"
        : e instanceof CommunicationException || e instanceof ServiceUnavailableException ? "unreachable: " + cause
        : cause.toString();
    // the JDK's messages may quote the URI's user info whole ("user info not supported in authority: u:p")
    String userInfo = java.net.URI.create(config.uri().replace(" ", "%20")).getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      why = why.replace(userInfo, org.argos.api.Redaction.MASK);
    }
    lines.error("ldap-unavailable", "web UI login: LDAP server {} {} ({}); logins fail until it answers",
        org.argos.api.Redaction.url(config.uri()), org.argos.api.Redaction.text(why), doing);
    return Verdict.UNAVAILABLE;
  }

  private DirContext connect(@Nullable String dn, @Nullable String password) throws NamingException {
    Hashtable<String, Object> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
    env.put(Context.PROVIDER_URL, config.uri());
    env.put(Context.REFERRAL, "ignore");
    env.put("com.sun.jndi.ldap.connect.timeout", Long.toString(Math.max(1, timeout.toMillis())));
    env.put("com.sun.jndi.ldap.read.timeout", Long.toString(Math.max(1, timeout.toMillis())));
    env.put("com.sun.jndi.ldap.connect.pool", "false");
    if (dn == null) {
      env.put(Context.SECURITY_AUTHENTICATION, "none");
    } else {
      env.put(Context.SECURITY_AUTHENTICATION, "simple");
      env.put(Context.SECURITY_PRINCIPAL, dn);
      env.put(Context.SECURITY_CREDENTIALS, password == null ? "" : password);
    }
    return new InitialDirContext(env);
  }

  private static void close(DirContext ctx) {
    try {
      ctx.close();
    } catch (NamingException e) {
      // nothing to do: the connection is dropped anyway
    }
  }

  /** @return the search filter for a user name: {@code (&(attr=escaped name)user_filter)}, as Argos builds it */
  static String filter(DaemonConfig.Ldap config, String user) {
    return "(&(" + config.userAttr() + "=" + escape(user) + ")" + (config.userFilter() == null ? "" : config.userFilter()) + ")";
  }

  /**
   * Escapes a value for an LDAP search filter (RFC 4515): {@code * ( ) \ NUL} and every other control character become
   * {@code \xx}, so a user name is only ever compared, never read as filter syntax.
   */
  static String escape(String value) {
    StringBuilder b = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '*' || c == '(' || c == ')' || c == '\\' || c < 0x20 || c == 0x7f) {
        b.append('\\').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String printable(String s) {
    return s.codePoints().collect(StringBuilder::new, (b, c) -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c),
        StringBuilder::append).toString();
  }
}

package org.argos.web.ui;

import static org.argos.web.ui.WebUi.SESSION_COOKIE;

import org.argos.web.ui.WebUi.Settings;
import org.argos.web.ui.WebUi.Verdict;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.argos.config.TrustedProxies;
import org.argos.web.auth.LoginThrottle;
import org.argos.web.auth.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.javalin.http.Context;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Logging in (throttled), logging out, and ending every session of a user. */
final class LoginPages {
  // the log lines of the web UI keep its name
  private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);
  private final WebUi ui;

  LoginPages(WebUi ui) {
    this.ui = ui;
  }

  Views.Login loginModel(WebUi.Visitor v, @Nullable String error, String user, String next) {
    return new Views.Login(ui.frame(v, "Log in", "login"), error, user, next, ui.settings.get().rememberMe() != null);
  }

  static String safeNext(@Nullable String next) {
    // Only a path on this site: no scheme, no host, no protocol-relative //host.
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\") || next.length() > 2000
        || next.chars().anyMatch(ch -> ch < ' ')) {
      return "/";
    }
    return next;
  }

  void loginForm(Context ctx, WebUi.Visitor v) {
    ui.render(ctx, "login.jte", loginModel(v, null, "", safeNext(ctx.queryParam("next"))));
  }

  void login(Context ctx, WebUi.Visitor v) {
    String user = Optional.ofNullable(ctx.formParam("username")).orElse("").trim();
    String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
    String next = safeNext(ctx.formParam("next"));
    String shownUser = user.length() > 64 ? "" : user;
    String address = ui.clientAddress(ctx);
    String throttledAddress = TrustedProxies.throttleKey(address);
    String throttledUser = user.length() > 64 ? "" : user;
    Duration wait = ui.throttle.lockLeft(throttledAddress, throttledUser);
    if (!wait.isZero()) {
      // Refused before the password is looked at: guesses made during a lock learn nothing.
      long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
      ctx.status(429).header("Retry-After", Long.toString(seconds));
      ui.render(ctx, "login.jte", loginModel(v, "Too many failed logins for this user name or from this address. Try again in "
          + Fmt.waitFor(seconds) + ".", shownUser, next));
      return;
    }
    Verdict verdict = user.isEmpty() || password.isEmpty() || user.length() > 64 ? Verdict.REJECTED
        : ui.users.verify().check(user, password);
    if (verdict == Verdict.UNAVAILABLE) {
      // The authenticator logged why; the visitor gets a page, not a stack trace, and no failure is counted.
      ctx.status(503);
      ui.render(ctx, "login.jte", loginModel(v, "Logging in is not possible right now: the user directory (LDAP) cannot be "
          + "reached. Try again later; the server log says more.", shownUser, next));
      return;
    }
    if (verdict != Verdict.ACCEPTED) {
      LoginThrottle.Failure f = ui.throttle.failed(throttledAddress, throttledUser);
      if (f.lockedKey() != null) {
        LOG.warn("web UI: too many failed logins: {} locked for {} s (last try: user '{}' from {})",
            Fmt.printable(f.lockedKey()), f.lock().toSeconds(), Fmt.printable(shownUser), address);
      }
      ctx.status(401);
      ui.render(ctx, "login.jte", loginModel(v, "Wrong user name or password.", shownUser, next));
      return;
    }
    ui.throttle.succeeded(user);
    Settings s = ui.settings.get();
    boolean remember = ctx.formParam("remember") != null && s.rememberMe() != null;
    Duration length = remember ? s.rememberMe() : s.sessionDuration();
    String cookie = ui.sessions().issue(user, ui.clock.instant(), length, remember);
    ui.setCookie(ctx, SESSION_COOKIE, cookie, remember ? length.toSeconds() : -1);
    LOG.info("web UI: {} logged in", user);
    ctx.redirect(ui.root() + next, io.javalin.http.HttpStatus.SEE_OTHER);
  }

  void logoutForm(Context ctx, WebUi.Visitor v) {
    ui.render(ctx, "logout.jte", ui.frame(v, "Log out", "logout"));
  }

  void logout(Context ctx, WebUi.Visitor v) {
    Sessions.Session s = v.session();
    ui.setCookie(ctx, SESSION_COOKIE, "", 0);
    if (s != null) {
      // The browser forgets the cookie; the record makes a copy of it (another tab, a stolen one) useless too.
      endOrFail(() -> ui.users.revocations().end(s.user(), s.nonce(), s.expires(), ui.clock.instant()));
      LOG.info("web UI: {} logged out", Fmt.printable(s.user()));
    }
    ctx.redirect(ui.root() + "/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  void logoutEverywhere(Context ctx, WebUi.Visitor v) {
    Sessions.Session s = v.session();
    if (s == null) {
      throw new WebUi.WebError(401, "Log in first.");
    }
    ui.setCookie(ctx, SESSION_COOKIE, "", 0);
    endOrFail(() -> ui.users.revocations().endAll(s.user(), ui.clock.instant()));
    LOG.info("web UI: {} logged out everywhere: every session of this user issued until now has ended",
        Fmt.printable(s.user()));
    ctx.redirect(ui.root() + "/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** Runs a revocation; one that cannot be saved is the server's fault, and the user must know the session lives on. */
  static void endOrFail(Runnable revocation) {
    try {
      revocation.run();
    } catch (UncheckedIOException e) {
      LOG.error("web UI: {}", e.getMessage());
      throw new WebUi.WebError(500, "Your browser forgot the session, but the server could not record that it has ended, "
          + "so a copy of its cookie would still work. The server log says why.");
    }
  }
}

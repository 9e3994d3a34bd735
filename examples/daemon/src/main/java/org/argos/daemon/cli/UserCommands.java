package org.argos.daemon.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.argos.config.ConfigParser;
import org.argos.web.auth.FileUserStore;
import org.argos.web.auth.UserStore;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code argos server user ...}: the users of the web UI, in the users file beside the config. */
final class UserCommands {
  private UserCommands() {}

  /** @return {@code argos server user} with its subcommands */
  static CommandLine of(Daemon env) {
    return new CommandLine(new UserCmd())
        .addSubcommand("add", new UserAdd(env))
        .addSubcommand("change-password", new UserChangePassword(env))
        .addSubcommand("verify-password", new UserVerify(env))
        .addSubcommand("disable", new UserEnable(env, false))
        .addSubcommand("enable", new UserEnable(env, true))
        .addSubcommand("delete", new UserDelete(env))
        .addSubcommand("logout-everywhere", new UserLogoutEverywhere(env))
        .addSubcommand("show", new UserShow(env));
  }

  @Command(name = "user", mixinStandardHelpOptions = true, description = "Manage web UI users.")
  static final class UserCmd implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getErr());
      return 2;
    }
  }

  /** Options shared by user commands. */
  abstract static class WithUsers implements Callable<Integer> {
    final Daemon env;

    @Option(names = "--config", description = "the config file; users are kept in argos-users.json beside it")
    @Nullable Path config;

    @Option(names = "--users-file", description = "the users file (default: argos-users.json beside the config file)")
    @Nullable Path usersFile;

    WithUsers(Daemon env) {
      this.env = env;
    }

    /** @return the users file's store; its sessions file ({@code argos-sessions.json}) is beside it */
    FileUserStore users() {
      if (usersFile != null) {
        return new FileUserStore(env.cwd().resolve(usersFile));
      }
      Path file = ConfigParser.locate(config == null ? null : env.cwd().resolve(config), env.vars(), env.cwd());
      Path dir = file == null ? env.cwd() : file.toAbsolutePath().getParent();
      return new FileUserStore(dir.resolve("argos-users.json"));
    }

    String password(@Nullable String given) throws java.io.IOException {
      if (given != null) {
        return given;
      }
      java.io.Console console = System.console();
      if (console != null && env.in() == System.in) {
        char[] p = console.readPassword("Password: ");
        return p == null ? "" : new String(p);
      }
      String line = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8)).readLine();
      return line == null ? "" : line;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user (password from --password or stdin).")
  static final class UserAdd extends WithUsers {
    @Option(names = "--name", required = true) String name = "";
    @Option(names = "--password") @Nullable String password;

    UserAdd(Daemon env) {
      super(env);
    }

    @Override
    public Integer call() throws Exception {
      users().add(name, password(password));
      env.out().println("user " + name + " added");
      return 0;
    }
  }

  @Command(name = "change-password", mixinStandardHelpOptions = true, description = "Change a user's password.")
  static final class UserChangePassword extends WithUsers {
    @Option(names = "--name", required = true) String name = "";
    @Option(names = "--password") @Nullable String password;

    UserChangePassword(Daemon env) {
      super(env);
    }

    @Override
    public Integer call() throws Exception {
      users().changePassword(name, password(password));
      env.out().println("password of " + name + " changed; the sessions opened with the old one have ended");
      return 0;
    }
  }

  @Command(name = "verify-password", mixinStandardHelpOptions = true, description = "Check a user's password (exit 1 if wrong).")
  static final class UserVerify extends WithUsers {
    @Option(names = "--name", required = true) String name = "";
    @Option(names = "--password") @Nullable String password;

    UserVerify(Daemon env) {
      super(env);
    }

    @Override
    public Integer call() throws Exception {
      UserStore users = users();
      if (users.find(name).isEmpty()) {
        env.err().println("error: no user named '" + name + "'");
        return 1;
      }
      if (users.verify(name, password(password))) {
        env.out().println("the password of " + name + " is correct");
        return 0;
      }
      env.err().println("wrong password for " + name + (users.find(name).get().enabled() ? "" : " (the user is disabled)"));
      return 1;
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable or disable a user.")
  static final class UserEnable extends WithUsers {
    private final boolean enable;
    @Option(names = "--name", required = true) String name = "";

    UserEnable(Daemon env, boolean enable) {
      super(env);
      this.enable = enable;
    }

    @Override
    public Integer call() {
      users().setEnabled(name, enable);
      env.out().println("user " + name + (enable ? " enabled" : " disabled; every session of " + name + " has ended"));
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a user.")
  static final class UserDelete extends WithUsers {
    @Option(names = "--name", required = true) String name = "";

    UserDelete(Daemon env) {
      super(env);
    }

    @Override
    public Integer call() {
      users().delete(name);
      env.out().println("user " + name + " deleted");
      return 0;
    }
  }

  @Command(name = "logout-everywhere", mixinStandardHelpOptions = true,
      description = "End every web UI session of a user (of the users file or of the LDAP directory), at once, also "
          + "in a running server.")
  static final class UserLogoutEverywhere extends WithUsers {
    @Option(names = "--name", required = true) String name = "";

    UserLogoutEverywhere(Daemon env) {
      super(env);
    }

    @Override
    public Integer call() {
      if (name.isBlank() || name.length() > 64 || name.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
        throw new IllegalArgumentException("--name must be a user name of 1 to 64 printable characters");
      }
      FileUserStore users = users();
      users.sessions().endAll(name, java.time.Instant.now());
      env.out().println("every session of " + name + " has ended (recorded in " + users.sessions().file() + ")"
          + (users.find(name).isPresent() ? "" : "; there is no user " + name + " in the users file: if " + name
              + " logs in through LDAP, that is expected"));
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "List users.")
  static final class UserShow extends WithUsers {
    UserShow(Daemon env) {
      super(env);
    }

    @Override
    public Integer call() {
      List<UserStore.User> all = users().all();
      if (all.isEmpty()) {
        env.out().println("no users");
      }
      for (UserStore.User u : all) {
        env.out().println(u.name() + "  " + (u.enabled() ? "enabled " : "disabled") + "  created " + u.createdAt()
            + (u.lastLoginAt().isEmpty() ? "" : "  last login " + u.lastLoginAt()));
      }
      return 0;
    }
  }
}

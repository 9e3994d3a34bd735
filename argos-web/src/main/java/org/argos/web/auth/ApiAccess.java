package org.argos.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;
import org.argos.config.DaemonConfig;

/**
 * Who may call an API endpoint, and who is calling. Two kinds of token, never interchangeable: agent tokens
 * ({@code service.secrets}, as in Argos) serve only the agent protocol; API tokens ({@code argos_java.api_tokens})
 * serve the rest, within their scope. The statuses follow Argos (FastAPI's HTTPBearer) on every endpoint: no bearer
 * token is 403, an unknown token 401, a known token that may not do this 403 saying why.
 */
public final class ApiAccess {
  private ApiAccess() {}

  /** What an endpoint asks for. */
  public enum Need {
    /** Anyone, without a token. */
    PUBLIC,
    /** An agent token: the agent protocol. */
    AGENT,
    /** An API token with the read scope. */
    READ,
    /** An API token with the write scope. */
    WRITE,
    /** An API token with the admin scope. */
    ADMIN;

    DaemonConfig.@Nullable Scope scope() {
      return switch (this) {
        case READ -> DaemonConfig.Scope.READ;
        case WRITE -> DaemonConfig.Scope.WRITE;
        case ADMIN -> DaemonConfig.Scope.ADMIN;
        case PUBLIC, AGENT -> null;
      };
    }
  }

  /**
   * A caller with a known token.
   *
   * @param agent true for an agent token, false for an API token
   * @param name the API token's name, or "agent"
   * @param scope the API token's scope, or null for an agent
   */
  public record Caller(boolean agent, String name, DaemonConfig.@Nullable Scope scope) {
    public static final Caller ANONYMOUS = new Caller(false, "anonymous", null);

    public boolean can(DaemonConfig.Scope needed) {
      return !agent && scope != null && scope.includes(needed);
    }
  }

  /** Why a call is refused: the HTTP status and a message for the client. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final int status;
    public final DaemonConfig.@Nullable Scope missing;

    Refused(int status, String message, DaemonConfig.@Nullable Scope missing) {
      super(message, null, false, false); // a refusal is routine: no stack trace to fill or log
      this.status = status;
      this.missing = missing;
    }
  }

  /**
   * The tokens a call is checked against: agent tokens ({@code service.secrets}) and API tokens
   * ({@code argos_java.api_tokens}).
   *
   * @param agentSecrets the agent tokens
   * @param apiTokens the API tokens with their names and scopes
   */
  public record Tokens(java.util.List<String> agentSecrets, java.util.List<DaemonConfig.ApiToken> apiTokens) {
    /** Copies the lists. */
    public Tokens {
      agentSecrets = java.util.List.copyOf(agentSecrets);
      apiTokens = java.util.List.copyOf(apiTokens);
    }

    /** @return the tokens of a daemon config */
    public static Tokens of(DaemonConfig config) {
      return new Tokens(config.secrets(), config.daemon().apiTokens());
    }
  }

  /**
   * Decides a call against a daemon config's tokens.
   *
   * @see #authorize(String, Need, String, Tokens)
   */
  public static Caller authorize(@Nullable String authorization, Need need, String what, DaemonConfig config) {
    return authorize(authorization, need, what, Tokens.of(config));
  }

  /**
   * Decides a call.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param need what the endpoint asks for
   * @param what the endpoint, for messages ({@code PUT /api/sites/{domain}})
   * @return the caller ({@link Caller#ANONYMOUS} on a public endpoint without a token)
   * @throws Refused when the call may not go on
   */
  public static Caller authorize(@Nullable String authorization, Need need, String what, Tokens config) {
    String token = bearer(authorization);
    if (need == Need.PUBLIC) {
      return Caller.ANONYMOUS; // a token sent anyway is not even looked at
    }
    if (token == null) {
      throw new Refused(403, "missing bearer token: " + what + " needs Authorization: Bearer <" + expected(need) + ">",
          need.scope());
    }
    Caller caller = identify(token, config);
    if (caller == null) {
      throw new Refused(401, "invalid token", null);
    }
    if (need == Need.AGENT) {
      if (!caller.agent()) {
        throw new Refused(403, "API tokens (argos_java.api_tokens) do not serve the agent protocol (GET /api/tasks, "
            + "POST /api/results): agents use one of service.secrets", null);
      }
      return caller;
    }
    DaemonConfig.Scope scope = need.scope();
    if (caller.agent()) {
      throw new Refused(403, "agent tokens (service.secrets) only serve the agent protocol (GET /api/tasks, POST "
          + "/api/results); " + what + " needs an API token with the '" + scope.label() + "' scope "
          + "(argos_java.api_tokens)", scope);
    }
    if (!caller.can(scope)) {
      throw new Refused(403, "the token '" + caller.name() + "' lacks the '" + scope.label() + "' scope that " + what
          + " needs (its scope: " + caller.scope().label() + ")", scope);
    }
    return caller;
  }

  private static String expected(Need need) {
    return need == Need.AGENT ? "one of service.secrets"
        : "an API token with the '" + need.scope().label() + "' scope, from argos_java.api_tokens";
  }

  /** @return the token of a {@code Bearer} header (scheme case-insensitive), or null when there is none */
  static @Nullable String bearer(@Nullable String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  /**
   * Finds whose token this is. Every known token is compared, through SHA-256 digests of equal length and without
   * stopping at a match, so the time taken says neither which token matched nor how much of one did.
   *
   * @return the caller, or null for an unknown token
   */
  static @Nullable Caller identify(String token, DaemonConfig config) {
    return identify(token, Tokens.of(config));
  }

  static @Nullable Caller identify(String token, Tokens config) {
    byte[] given = sha256(token);
    boolean agent = false;
    DaemonConfig.ApiToken api = null;
    for (String s : config.agentSecrets()) {
      agent |= MessageDigest.isEqual(given, sha256(s));
    }
    for (DaemonConfig.ApiToken t : config.apiTokens()) {
      if (MessageDigest.isEqual(given, sha256(t.token())) && api == null) {
        api = t;
      }
    }
    // The config refuses a value that is both an agent and an API token; were it to happen, the narrower kind wins.
    if (agent) {
      return new Caller(true, "agent", null);
    }
    return api == null ? null : new Caller(false, api.name(), api.scope());
  }

  /**
   * What identifies a caller's token without keeping it: the hex SHA-256 of its bearer token ("" when there is none).
   */
  public static String fingerprint(@Nullable String authorization) {
    String token = bearer(authorization);
    return java.util.HexFormat.of().formatHex(sha256(token == null ? "" : token));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

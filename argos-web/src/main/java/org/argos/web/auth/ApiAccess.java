package org.argos.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.argos.api.Tenant;
import org.argos.config.DaemonConfig;
import org.jspecify.annotations.Nullable;

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
   * @param scope the API token's scope, or null for an agent; a tenant's token has the scope its role maps to
   *     ({@link #scopeOf}): never {@code admin}, which is the operator's
   * @param tenant the slug of the tenant the token belongs to ({@code tenants[].api_tokens}); null for the operator
   *     (every {@code argos_java.api_tokens} token), who sees every tenant
   * @param role the tenant token's role, null for the operator
   */
  public record Caller(boolean agent, String name, DaemonConfig.@Nullable Scope scope, @Nullable String tenant,
      Tenant.@Nullable Role role) {
    public static final Caller ANONYMOUS = new Caller(false, "anonymous", null);

    /**
     * An operator's caller (or an agent).
     *
     * @param agent true for an agent token
     * @param name the token's name
     * @param scope its scope
     */
    public Caller(boolean agent, String name, DaemonConfig.@Nullable Scope scope) {
      this(agent, name, scope, null, null);
    }

    public boolean can(DaemonConfig.Scope needed) {
      return !agent && scope != null && scope.includes(needed);
    }

    /** @return true for a caller of no tenant: it sees and may act on every tenant's objects */
    public boolean operator() {
      return tenant == null;
    }

    /** @param owner the tenant of an object @return whether this caller may see it */
    public boolean sees(String owner) {
      return tenant == null || tenant.equals(owner);
    }
  }

  /**
   * @param role a tenant role
   * @return the API scope it maps to: viewer reads, editor and admin write (sites, silences, acknowledgements); the
   *     {@code admin} scope (reloading the config) is the operator's alone
   */
  public static DaemonConfig.Scope scopeOf(Tenant.Role role) {
    return role == Tenant.Role.VIEWER ? DaemonConfig.Scope.READ : DaemonConfig.Scope.WRITE;
  }

  /** Why a call is refused: the HTTP status and a message for the client. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final int status;
    public final DaemonConfig.@Nullable Scope missing;

    /**
     * @param status the HTTP status
     * @param message for the client
     * @param missing the scope the caller lacks, or null
     */
    public Refused(int status, String message, DaemonConfig.@Nullable Scope missing) {
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
  public record Tokens(java.util.List<String> agentSecrets, java.util.List<DaemonConfig.ApiToken> apiTokens,
      java.util.Map<String, DaemonConfig.TenantConfig> tenants) {
    /** Copies the lists. */
    public Tokens {
      agentSecrets = java.util.List.copyOf(agentSecrets);
      apiTokens = java.util.List.copyOf(apiTokens);
      tenants = java.util.Map.copyOf(tenants);
    }

    /**
     * Tokens without tenants: every API token is the operator's.
     *
     * @param agentSecrets the agent tokens
     * @param apiTokens the API tokens with their names and scopes
     */
    public Tokens(java.util.List<String> agentSecrets, java.util.List<DaemonConfig.ApiToken> apiTokens) {
      this(agentSecrets, apiTokens, java.util.Map.of());
    }

    /** @return the tokens of a daemon config, its tenants' tokens included */
    public static Tokens of(DaemonConfig config) {
      return new Tokens(config.secrets(), config.daemon().apiTokens(), config.tenants());
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
          + " needs (its " + (caller.operator() ? "scope: " + caller.scope().label()
          : "role in tenant '" + caller.tenant() + "': " + caller.role().label()) + ")", scope);
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
    Caller ofTenant = null;
    for (DaemonConfig.TenantConfig tenant : config.tenants().values()) {
      for (DaemonConfig.TenantToken t : tenant.apiTokens()) {
        if (MessageDigest.isEqual(given, sha256(t.token())) && ofTenant == null) {
          ofTenant = new Caller(false, t.name(), scopeOf(t.role()), tenant.slug(), t.role());
        }
      }
    }
    // The config refuses a value under two keys; were it to happen, the narrower kind wins: agent, then tenant.
    if (agent) {
      return new Caller(true, "agent", null);
    }
    if (ofTenant != null) {
      return ofTenant;
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

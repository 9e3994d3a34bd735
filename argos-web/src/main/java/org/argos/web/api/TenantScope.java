package org.argos.web.api;

import org.argos.api.Site;
import org.argos.engine.Argos;
import org.argos.web.auth.ApiAccess;

/**
 * Which objects a caller sees: the operator every one, a tenant's caller its tenant's alone. An object of another
 * tenant is answered as absent (404), never as forbidden, so its existence is not told either.
 */
final class TenantScope {
  private TenantScope() {}

  /** @return whether the caller sees the site (false for a site that does not exist) */
  static boolean sees(Argos argos, ApiAccess.Caller caller, String domain) {
    if (caller.operator()) {
      return true;
    }
    return argos.store().site(domain).map(Site::tenant).map(caller::sees).orElse(false);
  }

  /** @return whether the caller sees the task's site */
  static boolean seesTask(Argos argos, ApiAccess.Caller caller, long taskId) {
    return caller.operator()
        || argos.store().task(taskId).map(t -> sees(argos, caller, t.domain())).orElse(false);
  }

  /** @throws ApiError 403 when a tenant's caller calls a route that only the operator may call */
  static void operatorOnly(ApiAccess.Caller caller, String what) {
    if (!caller.operator()) {
      throw new ApiError(403, "tenant", what + " is the operator's: the token of tenant '" + caller.tenant()
          + "' may not call it", null);
    }
  }
}

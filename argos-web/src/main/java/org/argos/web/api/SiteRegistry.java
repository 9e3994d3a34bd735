package org.argos.web.api;

import org.argos.api.Site;
import org.argos.api.store.RegistrationResult;
import org.argos.config.ConfigException;
import org.argos.config.yaml.ConfigNode;

/**
 * What {@code PUT} and {@code DELETE /api/sites/{domain}} change: the host reads a site in the shape of a websites entry
 * of its config, registers it with its engine, and remembers which sites the API manages (a config reload keeps them).
 */
public interface SiteRegistry {
  /**
   * Reads a site as the config would.
   *
   * @throws ConfigException with every error of the site
   */
  Site parse(ConfigNode node);

  /**
   * Registers (or re-registers) a site through the API.
   *
   * @throws org.argos.api.ArgosException when the engine refuses the site
   */
  RegistrationResult register(Site site);

  /** Unregisters a site, with its tasks and history. */
  void unregister(String domain);

  /** @return true for a site added through the API rather than by the config */
  boolean managedByApi(String domain);
}

package org.argos.config.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.argos.api.AlertRouting;
import org.argos.api.InvalidValueException;
import org.argos.api.Tenant;
import org.argos.config.ConfigError;
import org.argos.config.DaemonConfig;
import org.argos.config.yaml.ConfigNode;
import org.argos.config.yaml.ConfigNode.Scalar;
import org.argos.config.yaml.ConfigNode.Sequence;
import org.argos.config.yaml.ConfigNode.Where;
import org.jspecify.annotations.Nullable;

/**
 * {@code tenants}: the organisations, each with its users (by login name) and their roles, its API tokens, the
 * channels it owns, its default alert routing and its status pages. Read after the channels, before the websites
 * (a website's {@code tenant} must name one of these).
 */
final class TenantsSection {
  static final Set<String> TENANT = Set.of("slug", "name", "users", "api_tokens", "channels", "alerts", "status_pages");
  private static final Set<String> USER = Set.of("name", "role");
  private static final Set<String> TOKEN = Set.of("name", "token", "role");
  private static final Set<String> PAGE = Set.of("slug", "title", "tags", "show_urls", "show_errors");
  /** At most this many tenants, users per tenant, tokens per tenant and pages per tenant: a config stays readable. */
  static final int MAX_TENANTS = 10_000;
  static final int MAX_PER_TENANT = 1_000;

  private final ParseRun run;
  private final ChannelSections channels;

  TenantsSection(ParseRun run, ChannelSections channels) {
    this.run = run;
    this.channels = channels;
  }

  /** @return the tenants by slug, in file order; empty when the section is absent */
  Map<String, DaemonConfig.TenantConfig> read(Section top) {
    Map<String, DaemonConfig.TenantConfig> out = new LinkedHashMap<>();
    ConfigNode node = top.node("tenants");
    if (node == null || node instanceof Scalar sc && sc.value() == null) {
      return out;
    }
    if (!(node instanceof Sequence seq)) {
      top.error("tenants", node, "expected a list of tenants (- slug: acme, name: ACME), got " + node.kind());
      return out;
    }
    if (seq.items().size() > MAX_TENANTS) {
      top.error("tenants", node, "at most " + MAX_TENANTS + " tenants, got " + seq.items().size());
      return out;
    }
    Map<String, Where> slugs = new HashMap<>();
    Map<String, String> users = new HashMap<>();
    Map<String, String> channelOwners = new HashMap<>();
    Map<String, String> pages = new HashMap<>();
    for (int i = 0; i < seq.items().size(); i++) {
      Section t = top.child(seq.items().get(i), "tenants[" + i + "]", TENANT);
      if (t == null) {
        continue;
      }
      int before = run.errors.size();
      String slug = slug(t, "slug");
      if (slug != null && slugs.putIfAbsent(slug, t.node("slug").where()) instanceof Where at) {
        t.error("slug", t.node("slug"), "the tenant '" + slug + "' is already defined at " + at);
        slug = null;
      }
      String name = t.string("name", false);
      Tenant tenant = null;
      if (slug != null) {
        try {
          tenant = new Tenant(slug, name);
        } catch (InvalidValueException e) {
          t.error("name", t.node("name"), e.problem());
        }
      }
      String who = slug == null ? "another tenant" : "tenant '" + slug + "'";
      List<DaemonConfig.TenantUser> tenantUsers = new ArrayList<>();
      for (Section u : items(t, "users", USER, "- name: alice, role: viewer")) {
        String login = u.string("name", true);
        Tenant.Role role = role(u);
        if (login != null && (login.isBlank() || login.length() > 128)) {
          u.error("name", u.node("name"), "expected a login name of 1 to 128 characters");
        } else if (login != null && users.putIfAbsent(login, who) instanceof String owner) {
          u.error("name", u.node("name"), "the user '" + login + "' already acts for " + owner
              + ": a user belongs to one tenant");
        } else if (login != null && role != null) {
          tenantUsers.add(new DaemonConfig.TenantUser(login, role));
        }
      }
      List<DaemonConfig.TenantToken> tokens = new ArrayList<>();
      Set<String> tokenNames = new java.util.HashSet<>();
      for (Section k : items(t, "api_tokens", TOKEN, "- name: ci, token: !env ACME_TOKEN, role: editor")) {
        String tokenName = k.string("name", true);
        if (tokenName != null && !tokenName.matches("[A-Za-z0-9_.@-]{1,64}")) {
          k.error("name", k.node("name"), "expected 1 to 64 letters, digits or _ . @ -, got '" + tokenName + "'");
          tokenName = null;
        } else if (tokenName != null && !tokenNames.add(tokenName)) {
          k.error("name", k.node("name"), "the name '" + tokenName + "' is already used in this tenant");
          tokenName = null;
        }
        String token = k.string("token", true);
        if (token != null) {
          run.ownSecret(k.join("token"), token, k.node("token").where()); // the api_tokens rules: length, reuse
        }
        Tenant.Role role = role(k);
        if (tokenName != null && token != null && role != null) {
          tokens.add(new DaemonConfig.TenantToken(tokenName, token, role));
        }
      }
      List<String> owned = t.stringList("channels", false);
      for (int c = 0; c < owned.size(); c++) {
        String ch = owned.get(c);
        ConfigNode at = ((Sequence) t.node("channels")).items().get(c);
        if (!run.channels.containsKey(ch)) {
          run.errors.add(new ConfigError(at.where(), t.join("channels[" + c + "]"), "unknown notification channel '"
              + ch + "'; configured channels: " + String.join(", ", new java.util.TreeSet<>(run.channels.keySet()))));
        } else if (channelOwners.putIfAbsent(ch, who) instanceof String owner) {
          run.errors.add(new ConfigError(at.where(), t.join("channels[" + c + "]"), "the channel '" + ch
              + "' is already owned by " + owner + ": a channel belongs to one tenant"));
        }
      }
      AlertRouting alerts = ChannelSections.routing(t.section("alerts", ChannelSections.ALERTS, false));
      if (alerts != null) {
        channels.checkRouting(t.node("alerts"), t.join("alerts"), alerts);
        for (String ch : alerts.allChannels()) {
          if (run.channels.containsKey(ch) && !owned.contains(ch)) {
            t.error("alerts", t.node("alerts"), "the channel '" + ch + "' is not one of this tenant's channels ("
                + String.join(", ", owned) + "): a tenant's alerts go only to its own channels");
          }
        }
      }
      List<DaemonConfig.StatusPageConfig> statusPages = new ArrayList<>();
      for (Section p : items(t, "status_pages", PAGE, "- slug: acme-status, title: ACME status")) {
        String pageSlug = slug(p, "slug");
        if (pageSlug != null && pages.putIfAbsent(pageSlug, who) instanceof String owner) {
          p.error("slug", p.node("slug"), "the status page '" + pageSlug + "' is already defined by " + owner);
          pageSlug = null;
        }
        String title = p.string("title", true);
        if (title != null && (title.isBlank() || title.length() > 200
            || title.chars().anyMatch(Character::isISOControl))) {
          p.error("title", p.node("title"), "expected a title of 1 to 200 characters, without control characters");
          title = null;
        }
        List<String> tags = p.stringList("tags", false);
        Set<String> lower = new LinkedHashSet<>();
        tags.forEach(tag -> lower.add(tag.trim().toLowerCase(Locale.ROOT)));
        boolean showUrls = p.bool("show_urls", false);
        boolean showErrors = p.bool("show_errors", false);
        if (pageSlug != null && title != null) {
          statusPages.add(new DaemonConfig.StatusPageConfig(pageSlug, title.trim(), lower, showUrls, showErrors));
        }
      }
      if (tenant != null && run.errors.size() == before) {
        out.put(slug, new DaemonConfig.TenantConfig(tenant, tenantUsers, tokens, owned,
            alerts == null ? AlertRouting.NONE : alerts, statusPages));
      } else if (slug != null) {
        // known, so that its websites are not reported as naming an unknown tenant on top of this tenant's errors
        out.put(slug, new DaemonConfig.TenantConfig(new Tenant(slug, null), List.of(), List.of(), owned,
            AlertRouting.NONE, List.of()));
      }
    }
    return out;
  }

  private @Nullable String slug(Section s, String key) {
    String v = s.string(key, true);
    if (v == null) {
      return null;
    }
    try {
      return Tenant.validSlug(v, key);
    } catch (InvalidValueException e) {
      s.error(key, s.node(key), e.problem());
      return null;
    }
  }

  private Tenant.@Nullable Role role(Section s) {
    String label = s.oneOf("role", Set.of("viewer", "editor", "admin"), null);
    if (label == null) {
      if (s.node("role") == null) {
        s.error("role", s.map, "is required: viewer, editor or admin");
      }
      return null;
    }
    return Tenant.Role.valueOf(label.toUpperCase(Locale.ROOT));
  }

  /** The mappings of a list under {@code key}; errors for a value that is not a list or too long a list. */
  private List<Section> items(Section t, String key, Set<String> known, String example) {
    ConfigNode n = t.node(key);
    List<Section> out = new ArrayList<>();
    if (n == null || n instanceof Scalar sc && sc.value() == null) {
      return out;
    }
    if (!(n instanceof Sequence seq)) {
      t.error(key, n, "expected a list (" + example + "), got " + n.kind());
      return out;
    }
    if (seq.items().size() > MAX_PER_TENANT) {
      t.error(key, n, "at most " + MAX_PER_TENANT + " entries, got " + seq.items().size());
      return out;
    }
    for (int i = 0; i < seq.items().size(); i++) {
      Section s = t.child(seq.items().get(i), t.join(key + "[" + i + "]"), known);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * Where the channels owned by tenants are, by channel name, to refuse a site or routing of another tenant that
   * names them.
   */
  static Map<String, String> owners(Map<String, DaemonConfig.TenantConfig> tenants) {
    Map<String, String> owners = new HashMap<>();
    tenants.values().forEach(t -> t.channels().forEach(ch -> owners.putIfAbsent(ch, t.slug())));
    return owners;
  }
}

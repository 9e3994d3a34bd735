package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.AlertRouting;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.Tenant;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/** The {@code tenants} section and a website's {@code tenant}: what is read, and each mistake at its line. */
class TenantsConfigTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  private static final String HEAD = """
      general:
        frequency: 5
        alerts:
          critical: [ops]
      service:
        secrets: []
      argos_java:
        notifiers:
          ops: {type: local}
          acme-hook: {type: local}
          globex-hook: {type: local}
      """;

  private DaemonConfig parse(String rest) {
    return ConfigParser.parse("tenants.yaml", HEAD + rest, Path.of("."), Map.of(), checks);
  }

  private static String site(String domain, String extra) {
    return """
          - domain: %s
            %s
            paths:
              - path: /
                checks:
                  - status-is: 200
        """.formatted(domain, extra);
  }

  @Test
  void aConfigWithoutTenantsPutsEverySiteInTheDefaultTenantWithTheOperatorsRouting() {
    DaemonConfig c = parse("websites:\n" + site("https://a.example", "frequency: 5"));
    assertThat(c.tenants()).isEmpty();
    assertThat(c.sites()).singleElement().satisfies(s -> {
      assertThat(s.tenant()).isEqualTo(Tenant.DEFAULT_SLUG);
      assertThat(s.routing()).isNull(); // the engine's default: general.alerts
    });
  }

  @Test
  void tenantsAreReadWithUsersTokensChannelsAlertsAndStatusPages() {
    DaemonConfig c = parse("""
        tenants:
          - slug: acme
            name: ACME Corp
            users:
              - {name: alice, role: admin}
              - {name: bob, role: viewer}
            api_tokens:
              - {name: ci, token: acme-4f9c2b7e8d1a6053c2e9b8f7a6d5c4b3, role: editor}
            channels: [acme-hook]
            alerts:
              critical: [acme-hook]
            status_pages:
              - {slug: acme-status, title: ACME status, tags: [Public], show_urls: true}
          - slug: globex
        websites:
        """ + site("https://a.example", "tenant: acme") + site("https://b.example", "tenant: globex")
        + site("https://c.example", "tags: [x]"));
    assertThat(c.tenants().keySet()).containsExactly("acme", "globex");
    DaemonConfig.TenantConfig acme = c.tenants().get("acme");
    assertThat(acme.tenant()).isEqualTo(new Tenant("acme", "ACME Corp"));
    assertThat(acme.users()).containsExactly(new DaemonConfig.TenantUser("alice", Tenant.Role.ADMIN),
        new DaemonConfig.TenantUser("bob", Tenant.Role.VIEWER));
    assertThat(acme.apiTokens()).singleElement().satisfies(t -> {
      assertThat(t.role()).isEqualTo(Tenant.Role.EDITOR);
      assertThat(t.toString()).doesNotContain(t.token());
    });
    assertThat(acme.channels()).containsExactly("acme-hook");
    assertThat(acme.alerts().channelsFor(Severity.CRITICAL)).containsExactly("acme-hook");
    assertThat(acme.statusPages()).containsExactly(
        new DaemonConfig.StatusPageConfig("acme-status", "ACME status", Set.of("public"), true, false));
    assertThat(c.tenants().get("globex").tenant().name()).isEqualTo("globex");
    Map<String, Site> sites = new java.util.HashMap<>();
    c.sites().forEach(s -> sites.put(s.domain(), s));
    assertThat(sites.get("https://a.example").tenant()).isEqualTo("acme");
    // a tenant's site without alerts of its own takes its tenant's, never the operator's general.alerts
    assertThat(sites.get("https://a.example").routing()).isEqualTo(acme.alerts());
    assertThat(sites.get("https://b.example").routing()).isEqualTo(AlertRouting.NONE);
    assertThat(sites.get("https://c.example").tenant()).isEqualTo(Tenant.DEFAULT_SLUG);
    assertThat(sites.get("https://c.example").routing()).isNull();
  }

  @Test
  void aWebsiteNamingAnUnknownTenantIsAnErrorAtItsLine() {
    assertThatThrownBy(() -> parse("""
        tenants:
          - slug: acme
        websites:
        """ + site("https://a.example", "tenant: acne")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tenants.yaml:16:13: websites[0].tenant") // the tenant: line
        .hasMessageContaining("websites[0].tenant")
        .hasMessageContaining("unknown tenant 'acne'")
        .hasMessageContaining("configured tenants: acme");
    assertThatThrownBy(() -> parse("websites:\n" + site("https://a.example", "tenant: acme")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tenants.yaml:14:")
        .hasMessageContaining("the config has no tenants section");
  }

  @Test
  void badTenantEntriesAreErrorsAtTheirLines() {
    String yaml = """
        tenants:
          - slug: Bad_Slug
          - slug: acme
            users:
              - {name: alice, role: boss}
              - {name: carol}
            api_tokens:
              - {name: ci, token: short, role: viewer}
            channels: [nope, globex-hook]
            alerts:
              critical: [ops]
            status_pages:
              - {slug: s1}
          - slug: acme
          - slug: globex
            users:
              - {name: alice, role: viewer}
            channels: [globex-hook]
            colour: blue
        websites: []
        """;
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("tenants.yaml:13:11: tenants[0].slug: a tenant slug is 1 to 63 lower-case")
        .hasMessageContaining("tenants.yaml:16:29: tenants[1].users[0].role: expected one of admin, editor, viewer")
        .hasMessageContaining("tenants.yaml:17:9: tenants[1].users[1].role: is required")
        .hasMessageContaining("tenants.yaml:19:27: tenants[1].api_tokens[0].token:")
        .hasMessageContaining("tenants.yaml:20:16: tenants[1].channels[0]: unknown notification channel 'nope'")
        .hasMessageContaining("the channel 'ops' is not one of this tenant's channels")
        .hasMessageContaining("tenants.yaml:24:9: tenants[1].status_pages[0].title: is required")
        .hasMessageContaining("tenants.yaml:25:11: tenants[2].slug: the tenant 'acme' is already defined at")
        .hasMessageContaining("tenants.yaml:28:16: tenants[3].users[0].name: the user 'alice' already acts for tenant 'acme'")
        .hasMessageContaining("tenants.yaml:29:16: tenants[3].channels[0]: the channel 'globex-hook' is already owned by "
            + "tenant 'acme'")
        .hasMessageContaining("tenants.yaml:30:5: tenants[3].colour");
  }

  @Test
  void aSiteOrTheOperatorsRoutingMayNotUseAnotherTenantsChannel() {
    assertThatThrownBy(() -> parse("""
        tenants:
          - slug: acme
            channels: [acme-hook]
          - slug: globex
            channels: [globex-hook]
        websites:
        """ + site("https://a.example", "tenant: globex\n    alerts: {critical: [acme-hook]}")
        + site("https://b.example", "alerts: {critical: [globex-hook]}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("websites[0].alerts: the channel 'acme-hook' is not one of tenant 'globex''s channels")
        .hasMessageContaining("websites[1].alerts: the channel 'globex-hook' is not one of tenant 'default''s channels");
    assertThatThrownBy(() -> ConfigParser.parse("t.yaml", HEAD.replace("critical: [ops]", "critical: [acme-hook]")
        + "tenants:\n  - slug: acme\n    channels: [acme-hook]\nwebsites: []\n", Path.of("."), Map.of(), checks))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("t.yaml:4:5: general.alerts: the channel 'acme-hook' is owned by tenant 'acme'");
  }
}

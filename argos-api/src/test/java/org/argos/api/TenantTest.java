package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tenant slugs, a site's tenant, and a query's tenant filter. */
class TenantTest {
  @Test
  void aSlugIsLowerCaseLettersDigitsAndDashesUpTo63() {
    assertThat(Tenant.validSlug("acme", "slug")).isEqualTo("acme");
    assertThat(Tenant.validSlug("a", "slug")).isEqualTo("a");
    assertThat(Tenant.validSlug("9-lives-" + "x".repeat(55), "slug")).hasSize(63);
    for (String bad : List.of("", "-acme", "Acme", "ac me", "acme_corp", "x".repeat(64), "acmé")) {
      assertThatThrownBy(() -> Tenant.validSlug(bad, "tenants[3].slug")).as("'%s'", bad)
          .isInstanceOf(InvalidValueException.class)
          .hasMessageStartingWith("tenants[3].slug: a tenant slug is 1 to 63 lower-case letters");
    }
    assertThatThrownBy(() -> Tenant.validSlug(null, "tenant")).hasMessageContaining("got nothing");
  }

  @Test
  void aTenantWithoutANameIsNamedByItsSlug() {
    assertThat(new Tenant("acme", null).name()).isEqualTo("acme");
    assertThat(new Tenant("acme", "  ACME Corp ").name()).isEqualTo("ACME Corp");
    assertThat(Tenant.DEFAULT.slug()).isEqualTo(Tenant.DEFAULT_SLUG).isEqualTo("default");
    assertThatThrownBy(() -> new Tenant("acme", "x".repeat(201))).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("name");
  }

  @Test
  void rolesIncludeTheOnesBefore() {
    assertThat(Tenant.Role.ADMIN.includes(Tenant.Role.EDITOR)).isTrue();
    assertThat(Tenant.Role.EDITOR.includes(Tenant.Role.VIEWER)).isTrue();
    assertThat(Tenant.Role.VIEWER.includes(Tenant.Role.EDITOR)).isFalse();
    assertThat(Tenant.Role.EDITOR.label()).isEqualTo("editor");
  }

  @Test
  void aSiteBelongsToTheDefaultTenantUnlessTold() {
    Site plain = Site.builder("https://a.example").path("/", p -> p.check("status-is", 200)).build();
    assertThat(plain.tenant()).isEqualTo(Tenant.DEFAULT_SLUG);
    // the constructors that predate tenants still build default-tenant sites
    Site old = new Site("https://a.example", Duration.ofMinutes(5), null, 0, true, true, Duration.ofSeconds(30),
        plain.paths(), java.util.Set.of(), null);
    assertThat(old.tenant()).isEqualTo(Tenant.DEFAULT_SLUG);
    Site acme = plain.toBuilder().tenant("acme").build();
    assertThat(acme.tenant()).isEqualTo("acme");
    assertThat(acme.toBuilder().build()).isEqualTo(acme);
    assertThat(plain.toBuilder().tenant(null).build().tenant()).isEqualTo(Tenant.DEFAULT_SLUG);
    assertThatThrownBy(() -> plain.toBuilder().tenant("ACME").build()).isInstanceOf(InvalidSiteException.class)
        .hasMessageContaining("site https://a.example: tenant: a tenant slug");
  }

  @Test
  void aQueryMayBeScopedToATenant() {
    DomainQuery q = new DomainQuery(Severity.CRITICAL, "prod", "shop", 10, 20);
    assertThat(q.tenant()).isNull();
    DomainQuery scoped = q.withTenant("acme");
    assertThat(scoped).isEqualTo(new DomainQuery(Severity.CRITICAL, "prod", "shop", 10, 20, "acme"));
    assertThat(scoped.withTenant(null)).isEqualTo(q);
    assertThatThrownBy(() -> q.withTenant("no such")).isInstanceOf(InvalidValueException.class);
  }
}

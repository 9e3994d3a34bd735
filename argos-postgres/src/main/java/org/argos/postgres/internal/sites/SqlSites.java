package org.argos.postgres.internal.sites;

import static org.argos.postgres.internal.schema.Tables.REQUEST_GROUPS;
import static org.argos.postgres.internal.schema.Tables.SITES;
import static org.argos.postgres.internal.schema.Tables.SITE_TAGS;
import static org.argos.postgres.internal.schema.Tables.TASKS;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.argos.api.Site;
import org.argos.api.store.RegistrationResult;
import org.argos.api.store.SitePlan;
import org.argos.api.store.SiteStore;
import org.argos.postgres.internal.sql.Calls;
import org.argos.postgres.internal.sql.Codec;
import org.argos.postgres.internal.sql.Statistics;
import org.argos.postgres.internal.status.Aggregates;
import org.jooq.DSLContext;

/** The sites and their schedule: registration ({@link Registrar}) and the reads of the sites as registered. */
public final class SqlSites implements SiteStore {
  private final DSLContext db;
  private final Codec codec;
  private final Calls calls;
  private final Statistics statistics;
  private final Registrar registrar;

  public SqlSites(DSLContext db, Codec codec, Calls calls, Statistics statistics) {
    this.db = db;
    this.codec = codec;
    this.calls = calls;
    this.statistics = statistics;
    this.registrar = new Registrar(db, codec);
  }

  /** @return the domain as stored (normalized), or as given when it is no valid domain */
  public static String normalize(String domain) {
    return Registrar.normalize(domain);
  }

  @Override
  public RegistrationResult register(SitePlan plan, Instant now) {
    return calls.write("register site " + plan.site().domain(), () -> registrar.register(plan, now));
  }

  /**
   * Writes up to {@value Registrar#SITES_PER_TRANSACTION} sites per transaction with multi-row statements (a domain
   * listed twice starts a new transaction, so the later plan wins as with {@link #register}).
   */
  @Override
  public List<RegistrationResult> registerAll(List<SitePlan> plans, Instant now) {
    if (plans.isEmpty()) {
      return List.of();
    }
    List<RegistrationResult> out = calls.write("register " + plans.size() + " sites (first "
        + plans.get(0).site().domain() + ")", () -> registrar.registerAll(plans, now));
    statistics.refresh(SITES, SITE_TAGS, REQUEST_GROUPS, TASKS);
    return out;
  }

  @Override
  public boolean unregister(String domain) {
    return calls.call("unregister site " + domain, () -> registrar.unregister(domain));
  }

  @Override
  public Optional<Site> site(String domain) {
    return calls.call("read site " + domain, () -> db.select(SITES.SITE_JSON).from(SITES)
        .where(SITES.DOMAIN.eq(Registrar.normalize(domain)))
        .fetchOptional(SITES.SITE_JSON)
        .map(codec::site));
  }

  @Override
  public List<Site> sites(int offset, int limit) {
    Calls.checkPage(offset, limit);
    return calls.call("list sites", () -> db.select(SITES.SITE_JSON).from(SITES).orderBy(SITES.DOMAIN).offset(offset)
        .limit(limit).fetch(SITES.SITE_JSON).stream().map(codec::site).toList());
  }

  @Override
  public long siteCount() {
    return calls.call("count sites", () -> Arrays.stream(Aggregates.siteCounts(db)).sum());
  }
}

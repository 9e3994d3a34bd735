package org.argos.postgres.internal.cluster;

import static org.argos.postgres.internal.schema.Tables.CONFIG_VERSION;
import static org.argos.postgres.internal.schema.Tables.SILENCES;
import static org.argos.postgres.internal.schema.Tables.SILENCE_DOMAINS;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.argos.api.AddressRange;
import org.argos.api.Recurrence;
import org.argos.api.Silence;
import org.argos.api.store.ConfigVersion;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jspecify.annotations.Nullable;

/**
 * The config version (one row, V7) and the silences every node of a cluster honours. The version is replaced by
 * compare and set: an update that names the hash it read, or an insert when none was stored (the primary key refuses
 * a second insert), so two nodes adopting different configs at once cannot both win.
 */
final class ClusterState {
  private static final short ROW = 1;

  private final DSLContext db;

  ClusterState(DSLContext db) {
    this.db = db;
  }

  Optional<ConfigVersion> configVersion() {
    return db.selectFrom(CONFIG_VERSION).where(CONFIG_VERSION.ID.eq(ROW)).fetchOptional(r ->
        new ConfigVersion(r.getHash(), r.getLabel(), r.getSetAt(), r.getSetBy()));
  }

  boolean replaceConfigVersion(@Nullable String expectedHash, ConfigVersion next) {
    if (expectedHash != null) {
      return db.update(CONFIG_VERSION)
          .set(CONFIG_VERSION.HASH, next.hash())
          .set(CONFIG_VERSION.LABEL, next.label())
          .set(CONFIG_VERSION.SET_AT, next.setAt())
          .set(CONFIG_VERSION.SET_BY, next.setBy())
          .where(CONFIG_VERSION.ID.eq(ROW)).and(CONFIG_VERSION.HASH.eq(expectedHash))
          .execute() == 1;
    }
    try {
      return db.insertInto(CONFIG_VERSION)
          .set(CONFIG_VERSION.ID, ROW)
          .set(CONFIG_VERSION.HASH, next.hash())
          .set(CONFIG_VERSION.LABEL, next.label())
          .set(CONFIG_VERSION.SET_AT, next.setAt())
          .set(CONFIG_VERSION.SET_BY, next.setBy())
          .execute() == 1;
    } catch (IntegrityConstraintViolationException e) {
      return false; // another node stored one first
    }
  }

  List<Silence> silences() {
    Map<String, Set<String>> domains = new HashMap<>();
    db.selectFrom(SILENCE_DOMAINS).forEach(r ->
        domains.computeIfAbsent(r.getSilenceId(), k -> new LinkedHashSet<>()).add(r.getDomain()));
    return db.selectFrom(SILENCES).orderBy(SILENCES.ID).fetch(r -> new Silence(r.getId(), r.getDomain(), r.getTag(),
        r.getStartsAt(), r.getEndsAt(), r.getReason(), r.getCron() == null ? null : new Recurrence(r.getCron(),
        Duration.ofSeconds(r.getLengthSeconds()), ZoneId.of(r.getZone())), domains.getOrDefault(r.getId(), Set.of()),
        r.getAddress() == null ? null : AddressRange.parse(r.getAddress())));
  }

  void put(Silence s) {
    if (s.tag() != null && s.tag().length() > 2048 || s.domain() != null && s.domain().length() > 2048
        || s.domains().stream().anyMatch(d -> d.length() > 2048)) {
      throw new IllegalArgumentException("silence " + s.id() + ": a domain or tag is at most 2048 characters");
    }
    Recurrence every = s.every();
    String cron = every == null ? null : every.cron();
    String zone = every == null ? null : every.zone().getId();
    Long length = every == null ? null : every.length().toSeconds();
    String address = s.address() == null ? null : s.address().toString();
    db.transaction(cfg -> {
      DSLContext tx = cfg.dsl();
      Map<org.jooq.Field<?>, @Nullable Object> values = new java.util.LinkedHashMap<>(); // inserted, or replaced
      values.put(SILENCES.DOMAIN, s.domain());
      values.put(SILENCES.TAG, s.tag());
      values.put(SILENCES.STARTS_AT, s.from());
      values.put(SILENCES.ENDS_AT, s.until());
      values.put(SILENCES.REASON, s.reason());
      values.put(SILENCES.CRON, cron);
      values.put(SILENCES.ZONE, zone);
      values.put(SILENCES.LENGTH_SECONDS, length);
      values.put(SILENCES.ADDRESS, address);
      tx.insertInto(SILENCES).set(SILENCES.ID, s.id()).set(values).onConflict(SILENCES.ID).doUpdate().set(values)
          .execute();
      tx.deleteFrom(SILENCE_DOMAINS).where(SILENCE_DOMAINS.SILENCE_ID.eq(s.id())).execute();
      if (!s.domains().isEmpty()) {
        var insert = tx.insertInto(SILENCE_DOMAINS, SILENCE_DOMAINS.SILENCE_ID, SILENCE_DOMAINS.DOMAIN);
        for (String d : s.domains()) {
          insert = insert.values(s.id(), d);
        }
        insert.execute();
      }
    });
  }

  boolean delete(String id) {
    return db.deleteFrom(SILENCES).where(SILENCES.ID.eq(id)).execute() > 0;
  }
}

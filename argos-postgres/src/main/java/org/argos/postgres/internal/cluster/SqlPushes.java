package org.argos.postgres.internal.cluster;

import static org.argos.postgres.internal.schema.Tables.PUSH_HEARTBEATS;
import static org.argos.postgres.internal.schema.Tables.PUSH_KEY;

import java.util.Optional;
import org.argos.api.store.PushBeat;
import org.argos.api.store.PushHeartbeats;
import org.argos.postgres.internal.sql.Calls;
import org.jooq.DSLContext;

/**
 * Push heartbeats (V17): the latest call per push site, shared by every node. A call replaces the row only when it is
 * not older than the recorded one, with an update first and an insert when there is no row yet (written so for both
 * PostgreSQL and H2: no dialect's conditional upsert).
 */
public final class SqlPushes implements PushHeartbeats {
  private final DSLContext db;
  private final Calls calls;

  public SqlPushes(DSLContext db, Calls calls) {
    this.db = db;
    this.calls = calls;
  }

  @Override
  public void recordPush(String domain, PushBeat beat) {
    PushHeartbeats.checkDomain(domain);
    calls.run("record a push call", () -> db.transaction(cfg -> {
      DSLContext tx = cfg.dsl();
      if (update(tx, domain, beat) == 0
          && tx.insertInto(PUSH_HEARTBEATS).set(PUSH_HEARTBEATS.DOMAIN, domain).set(PUSH_HEARTBEATS.BEAT_AT, beat.at())
              .set(PUSH_HEARTBEATS.OK, beat.ok()).set(PUSH_HEARTBEATS.MESSAGE, beat.message())
              .onConflictDoNothing().execute() == 0) {
        // Another node inserted the row meanwhile (or it holds a later call): keep the later of the two.
        update(tx, domain, beat);
      }
    }));
  }

  private static int update(DSLContext tx, String domain, PushBeat beat) {
    return tx.update(PUSH_HEARTBEATS).set(PUSH_HEARTBEATS.BEAT_AT, beat.at()).set(PUSH_HEARTBEATS.OK, beat.ok())
        .set(PUSH_HEARTBEATS.MESSAGE, beat.message())
        .where(PUSH_HEARTBEATS.DOMAIN.eq(domain)).and(PUSH_HEARTBEATS.BEAT_AT.le(beat.at())).execute();
  }

  @Override
  public Optional<PushBeat> lastPush(String domain) {
    return calls.call("read the last push call", () -> db.selectFrom(PUSH_HEARTBEATS)
        .where(PUSH_HEARTBEATS.DOMAIN.eq(domain))
        .fetchOptional(r -> new PushBeat(r.getBeatAt(), r.getOk(), r.getMessage())));
  }

  @Override
  public String pushSecret(String candidate) {
    PushHeartbeats.checkSecret(candidate);
    return calls.write("read the push key", () -> db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      tx.insertInto(PUSH_KEY).set(PUSH_KEY.ID, (short) 1).set(PUSH_KEY.SECRET, candidate).onConflictDoNothing()
          .execute();
      return tx.select(PUSH_KEY.SECRET).from(PUSH_KEY).where(PUSH_KEY.ID.eq((short) 1)).fetchOne(PUSH_KEY.SECRET);
    }));
  }

  @Override
  public void replacePushSecret(String key) {
    PushHeartbeats.checkSecret(key);
    calls.run("replace the push key", () -> db.transaction(cfg -> {
      DSLContext tx = cfg.dsl();
      if (tx.update(PUSH_KEY).set(PUSH_KEY.SECRET, key).where(PUSH_KEY.ID.eq((short) 1)).execute() == 0) {
        tx.insertInto(PUSH_KEY).set(PUSH_KEY.ID, (short) 1).set(PUSH_KEY.SECRET, key).onConflictDoNothing().execute();
        tx.update(PUSH_KEY).set(PUSH_KEY.SECRET, key).where(PUSH_KEY.ID.eq((short) 1)).execute();
      }
    }));
  }
}

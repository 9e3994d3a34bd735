package org.argos.postgres.internal.runs;

import static org.argos.postgres.internal.schema.Tables.ACK_LINK_KEY;
import static org.argos.postgres.internal.schema.Tables.SITES;
import static org.argos.postgres.internal.schema.Tables.TASKS;
import static org.argos.postgres.internal.schema.Tables.TASK_STATES;
import static org.argos.postgres.internal.schema.Tables.USED_ACK_TOKENS;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.argos.api.Severity;
import org.argos.api.TaskLifecycle;
import org.argos.api.store.Acknowledgements;
import org.argos.postgres.internal.sql.Calls;
import org.argos.postgres.internal.sql.Codec;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * Acknowledgements in the task states' columns (V12). A change takes its tasks' site rows first, as recording a result
 * does, so it never deadlocks with a result and never lands between the rule's read and write of a state.
 */
public final class SqlAcks implements Acknowledgements {
  private final DSLContext db;
  private final Calls calls;

  public SqlAcks(DSLContext db, Calls calls) {
    this.db = db;
    this.calls = calls;
  }

  @Override
  public Set<Long> acknowledge(Collection<Long> taskIds, String by, Instant at) {
    Acknowledgements.checkRequest(taskIds, by);
    String who = by.length() > TaskLifecycle.MAX_ACKED_BY ? by.substring(0, TaskLifecycle.MAX_ACKED_BY) : by;
    return change("acknowledge tasks", taskIds,
        TASK_STATES.SEVERITY_RANK.ne(Codec.rank(Severity.OK)).and(TASK_STATES.ACKED_AT.isNull()), who, at);
  }

  @Override
  public Set<Long> unacknowledge(Collection<Long> taskIds) {
    Acknowledgements.checkRequest(taskIds, null);
    return change("unacknowledge tasks", taskIds, TASK_STATES.ACKED_AT.isNotNull(), null, null);
  }

  private Set<Long> change(String what, Collection<Long> taskIds, Condition applies, String by, Instant at) {
    if (taskIds.isEmpty()) {
      return Set.of();
    }
    List<Long> ids = List.copyOf(new TreeSet<>(taskIds));
    return calls.write(what, () -> db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      List<Long> siteIds = tx.selectDistinct(TASKS.SITE_ID).from(TASKS).where(TASKS.ID.in(ids)).fetch(TASKS.SITE_ID);
      if (siteIds.isEmpty()) {
        return Set.<Long>of();
      }
      tx.select(SITES.ID).from(SITES).where(SITES.ID.in(siteIds)).orderBy(SITES.ID).forUpdate().fetch();
      Set<Long> hit = new LinkedHashSet<>(tx.select(TASK_STATES.TASK_ID).from(TASK_STATES)
          .where(TASK_STATES.TASK_ID.in(ids)).and(applies).orderBy(TASK_STATES.TASK_ID).fetch(TASK_STATES.TASK_ID));
      if (!hit.isEmpty()) {
        tx.update(TASK_STATES).set(TASK_STATES.ACKED_AT, at).set(TASK_STATES.ACKED_BY, by)
            .where(TASK_STATES.TASK_ID.in(hit)).execute();
      }
      return hit;
    }));
  }

  @Override
  public String linkSecret(String candidate) {
    return calls.write("read the link key", () -> db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      tx.insertInto(ACK_LINK_KEY).set(ACK_LINK_KEY.ID, (short) 1).set(ACK_LINK_KEY.SECRET, candidate)
          .onConflictDoNothing().execute();
      return tx.select(ACK_LINK_KEY.SECRET).from(ACK_LINK_KEY).where(ACK_LINK_KEY.ID.eq((short) 1))
          .fetchOne(ACK_LINK_KEY.SECRET);
    }));
  }

  @Override
  public boolean useToken(String token, Instant expiresAt, Instant now) {
    if (token.isBlank() || token.length() > 200) {
      throw new IllegalArgumentException("a token is 1 to 200 characters");
    }
    return calls.write("use an acknowledgement link", () -> db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      tx.deleteFrom(USED_ACK_TOKENS).where(USED_ACK_TOKENS.EXPIRES_AT.lt(now)).execute();
      return tx.insertInto(USED_ACK_TOKENS).set(USED_ACK_TOKENS.TOKEN, token)
          .set(USED_ACK_TOKENS.EXPIRES_AT, expiresAt).onConflictDoNothing().execute() == 1;
    }));
  }
}

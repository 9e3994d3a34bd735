package org.argos.postgres.internal.sql;

import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.argos.api.Redaction;
import org.argos.api.StoreException;
import org.jooq.exception.DataAccessException;
import org.jspecify.annotations.Nullable;

/**
 * Runs the store's calls and turns every failure of the database into a {@link StoreException} saying what was being
 * done and where ("Could not claim due groups for node n1 in PostgreSQL at …: …"), logged through the
 * {@link FailureLog} and shown to the {@link ConnectionRefusals}. Writes are refused first when the store says why
 * (the embedded database's disk nearly full).
 */
public final class Calls {
  private final String where;
  private final FailureLog failureLog;
  private final ConnectionRefusals refusals;
  private final Supplier<@Nullable String> writeRefusal;
  private final Consumer<Exception> afterFailure;

  /**
   * @param where the database and where it is, without credentials
   * @param writeRefusal why writes are refused now, or null while they are not
   * @param afterFailure told of each failure of the database, after it was logged
   */
  public Calls(String where, FailureLog failureLog, ConnectionRefusals refusals,
      Supplier<@Nullable String> writeRefusal, Consumer<Exception> afterFailure) {
    this.where = where;
    this.failureLog = failureLog;
    this.refusals = refusals;
    this.writeRefusal = writeRefusal;
    this.afterFailure = afterFailure;
  }

  /** @return the database and where it is, without credentials */
  public String where() {
    return where;
  }

  /** A call that returns nothing. */
  public void run(String what, Runnable op) {
    call(what, () -> {
      op.run();
      return null;
    });
  }

  /** A write the engine retries: refused while {@code writeRefusal} says why (see {@code FreeSpace}). */
  public <T> T write(String what, Supplier<T> op) {
    String refusal = writeRefusal.get();
    if (refusal != null) {
      failureLog.log(where, what, refusal);
      throw new StoreException("Could not " + what + " in " + where + ": " + refusal);
    }
    return call(what, op);
  }

  public <T> T call(String what, Supplier<T> op) {
    try {
      return op.get();
    } catch (DataAccessException e) {
      throw failure(what, e);
    } catch (StoreException e) {
      refusals.seen(e);
      failureLog.log(where, what, String.valueOf(e.getMessage()));
      throw e;
    }
  }

  private StoreException failure(String what, Exception e) {
    refusals.seen(e);
    String cause = rootMessage(e);
    failureLog.log(where, what, cause);
    afterFailure.accept(e);
    return new StoreException("Could not " + what + " in " + where + ": " + cause, e);
  }

  /** @return the message of the innermost SQL exception (with its SQL state), credentials redacted */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    SQLException sql = null;
    while (t.getCause() != null && t.getCause() != t) {
      if (t instanceof SQLException s) {
        sql = s;
      }
      t = t.getCause();
    }
    if (t instanceof SQLException s) {
      sql = s;
    }
    // A driver may quote the URL it was given, credentials included.
    if (sql != null) {
      return Redaction.text(sql.getMessage()
          + (sql.getSQLState() == null ? "" : " (SQL state " + sql.getSQLState() + ")"));
    }
    return t.getMessage() == null ? t.getClass().getName() : Redaction.text(t.getMessage());
  }

  /** @throws IllegalArgumentException when the page is not one */
  public static void checkPage(int offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
  }
}

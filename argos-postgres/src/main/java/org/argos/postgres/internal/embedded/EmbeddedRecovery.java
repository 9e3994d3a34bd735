package org.argos.postgres.internal.embedded;

import java.sql.SQLException;

/**
 * H2 closes a file database for good when it cannot write its file (a full disk): every connection then answers
 * "The database has been closed" until it is opened again. The pool does not see that as a broken connection and
 * would hand out those dead connections forever; so on such an error they are evicted, and the next call opens the
 * database again from its file, which works once space is back.
 */
public final class EmbeddedRecovery {
  /** H2's DATABASE_IS_CLOSED. */
  public static final int DATABASE_IS_CLOSED = 90098;
  /** H2's IO_EXCEPTION_1, IO_EXCEPTION_2 and FILE_CORRUPTED_1 (a write that failed half-way). */
  private static final int IO_EXCEPTION_1 = 90028;
  private static final int IO_EXCEPTION_2 = 90031;
  private static final int FILE_CORRUPTED = 90030;
  /** H2's GENERAL_ERROR_1, which wraps the MVStore's own failures (its writes among them). */
  private static final int GENERAL_ERROR = 50000;

  private EmbeddedRecovery() {}

  /** @return true when the error means H2 has closed the database, or is about to, because a file write failed */
  public static boolean closesTheDatabase(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s) {
        int code = s.getErrorCode();
        if (code == DATABASE_IS_CLOSED || code == IO_EXCEPTION_1 || code == IO_EXCEPTION_2 || code == FILE_CORRUPTED) {
          return true;
        }
        if (code == GENERAL_ERROR && String.valueOf(s.getMessage()).contains("MVStoreException")) {
          return true;
        }
      }
    }
    return false;
  }
}

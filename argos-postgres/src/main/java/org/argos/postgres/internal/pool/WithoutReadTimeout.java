package org.argos.postgres.internal.pool;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool's connections with no read timeout, for schema migrations: building an index on a large table may keep the
 * database silent for longer than any call of the engine should. The pool restores the timeout when a connection goes
 * back to it.
 */
final class WithoutReadTimeout implements DataSource {
  private final DataSource pool;

  WithoutReadTimeout(DataSource pool) {
    this.pool = pool;
  }

  private static Connection unlimited(Connection c) throws SQLException {
    try {
      c.setNetworkTimeout(Runnable::run, 0);
    } catch (SQLFeatureNotSupportedException e) {
      // a driver without network timeouts has none to lift
    }
    return c;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return unlimited(pool.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return unlimited(pool.getConnection(username, password));
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || pool.isWrapperFor(iface);
  }
}

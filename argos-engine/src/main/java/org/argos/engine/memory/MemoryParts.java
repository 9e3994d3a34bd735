package org.argos.engine.memory;

/**
 * The in-memory store's parts over one shared memory, for the {@link org.argos.engine.InMemoryStore} facade, which
 * calls them under its lock.
 */
public final class MemoryParts {
  private final MemorySites sites;
  private final MemoryClaims claims;
  private final MemoryOutbox outbox;
  private final MemoryRuns runs;
  private final MemoryStatus status;
  private final MemoryCluster cluster = new MemoryCluster();
  private final MemoryAcks acks;
  private final MemoryUptime uptime;

  /**
   * @param resultsPerTask raw results kept per task
   * @param historyPerTask state changes kept per task
   */
  public MemoryParts(int resultsPerTask, int historyPerTask) {
    Memory m = new Memory(resultsPerTask, historyPerTask);
    sites = new MemorySites(m);
    claims = new MemoryClaims(m);
    outbox = new MemoryOutbox(m);
    runs = new MemoryRuns(m, outbox);
    status = new MemoryStatus(m);
    acks = new MemoryAcks(m);
    uptime = new MemoryUptime(m);
  }

  public MemorySites sites() {
    return sites;
  }

  public MemoryClaims claims() {
    return claims;
  }

  public MemoryRuns runs() {
    return runs;
  }

  public MemoryOutbox outbox() {
    return outbox;
  }

  public MemoryStatus status() {
    return status;
  }

  public MemoryAcks acks() {
    return acks;
  }

  public MemoryUptime uptime() {
    return uptime;
  }

  public MemoryCluster cluster() {
    return cluster;
  }
}

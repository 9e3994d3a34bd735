package org.argos.postgres.internal.cluster;

import static org.argos.postgres.internal.schema.Tables.AGENTS;

import java.time.Instant;
import java.util.List;
import org.argos.api.store.AgentDirectory;
import org.argos.api.store.AgentSeen;
import org.argos.postgres.internal.sql.Calls;
import org.jooq.DSLContext;

/** The remote agents that reported to any node, with their latest report. */
public final class SqlAgents implements AgentDirectory {
  private final DSLContext db;
  private final Calls calls;

  public SqlAgents(DSLContext db, Calls calls) {
    this.db = db;
    this.calls = calls;
  }

  @Override
  public void agentSeen(String agentId, Instant at) {
    if (agentId == null || agentId.isBlank() || agentId.length() > 200
        || agentId.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("agent id must be 1 to 200 characters without control characters");
    }
    calls.run("record agent " + agentId, () -> db.insertInto(AGENTS)
        .set(AGENTS.ID, agentId)
        .set(AGENTS.LAST_SEEN, at)
        .onConflict(AGENTS.ID)
        .doUpdate()
        .set(AGENTS.LAST_SEEN, at)
        .execute());
  }

  @Override
  public List<AgentSeen> agents() {
    return calls.call("list agents",
        () -> db.selectFrom(AGENTS).orderBy(AGENTS.ID).fetch(r -> new AgentSeen(r.getId(), r.getLastSeen())));
  }
}

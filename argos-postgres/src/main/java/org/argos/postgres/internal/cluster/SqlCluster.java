package org.argos.postgres.internal.cluster;

import java.util.List;
import java.util.Optional;
import org.argos.api.Silence;
import org.argos.api.store.ClusterStore;
import org.argos.api.store.ConfigVersion;
import org.argos.postgres.internal.sql.Calls;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/** What the nodes share besides sites and runs: the config version the cluster runs and the silences. */
public final class SqlCluster implements ClusterStore {
  private final Calls calls;
  private final ClusterState cluster;

  public SqlCluster(DSLContext db, Calls calls) {
    this.calls = calls;
    this.cluster = new ClusterState(db);
  }

  @Override
  public boolean keepsClusterState() {
    return true;
  }

  @Override
  public Optional<ConfigVersion> configVersion() {
    return calls.call("read the config version", cluster::configVersion);
  }

  @Override
  public boolean replaceConfigVersion(@Nullable String expectedHash, ConfigVersion next) {
    return calls.call("store config version " + next.hash(), () -> cluster.replaceConfigVersion(expectedHash, next));
  }

  @Override
  public List<Silence> silences() {
    return calls.call("read the silences", cluster::silences);
  }

  @Override
  public void putSilence(Silence silence) {
    calls.run("store silence " + silence.id(), () -> cluster.put(silence));
  }

  @Override
  public boolean deleteSilence(String id) {
    return calls.call("delete silence " + id, () -> cluster.delete(id));
  }
}

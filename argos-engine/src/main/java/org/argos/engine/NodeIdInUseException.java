package org.argos.engine;

import java.time.Instant;
import org.argos.api.ArgosException;

/**
 * Thrown by {@link Argos#start()} when another live process already runs with this node id on the shared database:
 * both would take back each other's claims and run the same work twice. Give each node its own id.
 */
public final class NodeIdInUseException extends ArgosException {
  private static final long serialVersionUID = 1L;

  private final String nodeId;

  NodeIdInUseException(String nodeId, String host, long pid, Instant lastHeartbeat) {
    super("node id '" + nodeId + "' is in use by another live Argos process (host " + host + ", pid " + pid
        + ", last heartbeat " + lastHeartbeat + " by the database's clock): two nodes with one id would run the same "
        + "work twice. Give each node its own node_id (argos_java.node_id), or stop the other process first");
    this.nodeId = nodeId;
  }

  /** @return the node id in use */
  public String nodeId() {
    return nodeId;
  }
}

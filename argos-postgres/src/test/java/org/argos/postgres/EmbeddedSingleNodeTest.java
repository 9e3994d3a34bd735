package org.argos.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.argos.api.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded file database serves one engine node; the CLI may still open it while that node runs. */
class EmbeddedSingleNodeTest {
  @TempDir Path dir;

  @Test
  void aSecondEngineNodeOnTheSameFileIsRefusedClearly() {
    Path file = dir.resolve("argos");
    try (JdbcStore first = JdbcStore.embedded(file).build(); JdbcStore second = JdbcStore.embedded(file).build()) {
      first.nodeStarting("node-1");
      assertThatThrownBy(() -> second.nodeStarting("node-2"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("single Argos engine node")
          .hasMessageContaining("PostgreSQL");
      // a CLI command reading the database meanwhile is fine
      assertThat(second.severityCounts().total()).isZero();
      first.nodeStopped("node-1");
      second.nodeStarting("node-2");
      second.nodeStopped("node-2");
    }
  }
}

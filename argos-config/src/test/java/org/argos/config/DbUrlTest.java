package org.argos.config;

import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/** general.db.url as Argos writes it (SQLAlchemy URLs), turned into what the stores need. */
class DbUrlTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  private DaemonConfig.Db db(String url) {
    String yaml = "general:\n  frequency: 5m\n  db:\n    url: \"" + url + "\"\nservice:\n  secrets: []\nwebsites: []\n";
    return ConfigParser.parse("db.yaml", yaml, Path.of("."), Map.of(), checks).general().db();
  }

  @Test
  void postgresqlUrlsLoseTheirCredentialsToSeparateFields() {
    DaemonConfig.Db d = db("postgresql://argos:p%40ss@db.example.org:5433/argos?sslmode=require");
    assertThat(d.kind()).isEqualTo(DaemonConfig.DbKind.POSTGRESQL);
    assertThat(d.location()).isEqualTo("jdbc:postgresql://db.example.org:5433/argos?sslmode=require");
    assertThat(d.user()).isEqualTo("argos");
    assertThat(d.password()).isEqualTo("p@ss");
    assertThat(db("postgresql+psycopg2://localhost/argos").location()).isEqualTo("jdbc:postgresql://localhost/argos");
  }

  @Test
  void sqliteMeansTheEmbeddedDatabaseAtThatPath() {
    DaemonConfig.Db d = db("sqlite:////var/lib/argos/argos.db");
    assertThat(d.kind()).isEqualTo(DaemonConfig.DbKind.EMBEDDED);
    assertThat(d.location()).isEqualTo("/var/lib/argos/argos");
    assertThat(db("memory").kind()).isEqualTo(DaemonConfig.DbKind.MEMORY);
  }
}

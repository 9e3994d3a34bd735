package org.argos.daemon;

import java.util.List;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in the JVM with test checks and probe, capturing its output. */
final class Cli {
  record Run(int exit, String out, String err) {}

  private Cli() {}

  static Run run(Path cwd, Map<String, String> vars, String... args) {
    return runWithInput(cwd, vars, "", args);
  }

  static Run runWithInput(Path cwd, Map<String, String> vars, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main.Env env = new Main.Env(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), vars, cwd, List.of(), null,
        Stores.DEFAULT);
    int code = Main.execute(args, env);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}

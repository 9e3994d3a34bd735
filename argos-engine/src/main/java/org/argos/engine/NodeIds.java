package org.argos.engine;

import java.net.InetAddress;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.argos.api.ArgosException;

/**
 * Engine node ids: what claims, heartbeats and results carry. A node keeps its id across restarts (configured, or
 * persisted next to an embedded database), so that it takes back its own claims at once when it starts again.
 */
public final class NodeIds {
  /** Letters, digits, {@code . _ -}, starting with a letter or digit, at most 100 characters. */
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private NodeIds() {}

  /**
   * @param id a candidate id
   * @return true when it is a valid node id
   */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /**
   * @param id a node id
   * @param what the setting it comes from, named in the error
   * @return the id
   * @throws ArgosException naming the setting when the id is not valid
   */
  public static String check(String id, String what) {
    if (!isValid(id)) {
      throw new ArgosException(what + " must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or "
          + "digit, got '" + (id == null ? "null" : id.length() > 120 ? id.substring(0, 120) + "…" : id) + "'");
    }
    return id;
  }

  /** @return a new id: this host's name plus a random suffix */
  public static String generate() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "node";
    }
    host = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    if (host.isEmpty() || !Character.isLetterOrDigit(host.charAt(0))) {
      host = "node" + host;
    }
    if (host.length() > 80) {
      host = host.substring(0, 80);
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}

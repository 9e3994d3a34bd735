package org.argos.checks;

import org.argos.api.spi.ProbeResponse;

/** Text helpers for body checks. */
final class Bodies {
  private Bodies() {}

  static String excerpt(ProbeResponse response) {
    return Params.abbreviate(response.bodyText(), 200);
  }

  static String truncationNote(ProbeResponse response) {
    return response.bodyTruncated() ? " (only the first " + response.body().length + " bytes were read)" : "";
  }
}

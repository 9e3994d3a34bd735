/**
 * Public status pages ({@code /status/{slug}}, issue 20): what a page shows ({@link org.argos.web.status.PublicStatus}),
 * SVG badges and conditional GETs. No login, no script, no internal detail unless the page allows it. Public types
 * here are public because the generated template classes read them; they are not an API.
 */
@NullMarked
package org.argos.web.status;

import org.jspecify.annotations.NullMarked;

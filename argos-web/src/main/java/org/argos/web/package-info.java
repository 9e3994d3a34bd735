/** The entry point a host uses to mount Argos' JSON API, agent protocol and web UI: {@link org.argos.web.ArgosWeb}. */
@NullMarked
package org.argos.web;

import org.jspecify.annotations.NullMarked;

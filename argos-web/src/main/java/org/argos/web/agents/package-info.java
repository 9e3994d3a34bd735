/** The agent protocol's HTTP endpoints, on argos-agents' transport-independent protocol classes. */
@NullMarked
package org.argos.web.agents;

import org.jspecify.annotations.NullMarked;

/**
 * The JSON API by concept: status, sites, admin (reload, config version, silences), health and metrics, behind one
 * {@link org.argos.web.api.ApiEdge} (access, limits, errors, database outages). Hosts mount it through
 * {@link org.argos.web.ArgosWeb}.
 */
@NullMarked
package org.argos.web.api;

import org.jspecify.annotations.NullMarked;

-- Fills an Argos database (schema already migrated, no sites yet) with :sites sites the way benchmarks/status-pages
-- lists them (http://127.a.b.c:20000, tag t0..t9, three checks on "/"), rows exactly as a registration writes them,
-- each task with a critical result ("connection refused") and its group due within the next 5 minutes.
-- psql -v sites=333334 [-v tenant=SLUG] [-v tenant_sites=N] [-v uptime_days=N] -d DB -f benchmarks/status-pages-fill.sql
-- tenant: the tenant of the first tenant_sites sites (default: every site), the others are in the tenant default.
-- uptime_days: that many past days of uptime rollups per task of the tenant's sites (issue 20: what a status page
-- reads for its uptime and 90-day bars; one day in ten has an outage of 0 to 59 min), 0 for none (default). The
-- other sites get none: 90 days of a million tasks would be 90 million rows that no status page of the tenant reads.
\set ON_ERROR_STOP 1
\if :{?tenant}
\else
\set tenant default
\endif
\if :{?tenant_sites}
\else
\set tenant_sites :sites
\endif
\if :{?uptime_days}
\else
\set uptime_days 0
\endif
BEGIN;
CREATE TEMP TABLE fill ON COMMIT DROP AS
  SELECT n, 'http://127.' || (n / 65536 % 256) || '.' || (n / 256 % 256) || '.' || (n % 256) || ':20000' AS domain,
         now() + random() * interval '5 minutes' AS next_run,
         CASE WHEN n <= :tenant_sites THEN :'tenant' ELSE 'default' END AS tenant
  FROM generate_series(1, :sites) n;
INSERT INTO sites (id, domain, site_json, worst_rank, task_count, tenant)
  SELECT n, domain, '{"domain":"' || domain || '","tenant":"' || tenant || '","frequency":"PT5M","recheckDelay":null,"retryBeforeNotification":0,'
      || '"ipv4":true,"ipv6":false,"timeout":"PT30S","paths":[{"path":"/","method":"GET","requestData":{"data":null,'
      || '"json":false,"headers":{}},"checks":[{"type":"status-is","parameter":200},{"type":"status-in","parameter":'
      || '[200,204]},{"type":"body-contains","parameter":"ok"}],"followRedirects":false,"maxRedirects":10,'
      || '"timeout":null}],"tags":["t' || ((n - 1) % 10) || '"],"routing":null}', 1, 3, tenant
  FROM fill;
INSERT INTO site_tags (tag, site_id, worst_rank, domain) SELECT 't' || ((n - 1) % 10), n, 1, domain FROM fill;
INSERT INTO request_groups (id, site_id, group_key, group_key_hash, url, method, request_data, ip_version, timeout_ms,
    follow_redirects, max_redirects, frequency_ms, recheck_delay_ms, retry_before_notification, next_run)
  SELECT n, n, k, encode(sha256(convert_to(k, 'UTF8')), 'hex'), domain || '/', 'GET',
      '{"data":null,"json":false,"headers":{}}', 4, 30000, false, 10, 300000, NULL, 0, next_run
  FROM (SELECT *, 'GET ' || domain || '/ ipv4 form:null:{} t=30000' AS k FROM fill) f;
INSERT INTO tasks (id, group_id, site_id, task_key, task_key_hash, check_type, check_parameter)
  SELECT 3 * (n - 1) + c.i, n, n, c.k, encode(sha256(convert_to(c.k, 'UTF8')), 'hex'), c.t, c.p
  FROM fill, (VALUES (1, '/ status-is=200', 'status-is', '200'),
                     (2, '/ status-in=[200,204]', 'status-in', '[200,204]'),
                     (3, '/ body-contains=ok', 'body-contains', '"ok"')) AS c(i, k, t, p);
INSERT INTO task_states (task_id, site_id, severity_rank, status, message, last_run_at, severity_since,
    contiguous_failures, already_retried, notified_rank, notified_at)
  SELECT 3 * (n - 1) + i, n, 1, 'FAILURE', 'connect: Failed to connect to /' || substr(domain, 8, length(domain) - 13) || ':20000',
      next_run - interval '5 minutes', next_run - interval '5 minutes', 1, false, 1, next_run - interval '5 minutes'
  FROM fill, generate_series(1, 3) i;
INSERT INTO uptime_days (task_id, site_id, on_day, ok_ms, critical_ms, incidents)
  SELECT 3 * (n - 1) + i, n, current_date - d, 86400000 - o, o, CASE WHEN o > 0 THEN 1 ELSE 0 END
  FROM fill, generate_series(1, 3) i, generate_series(1, :uptime_days) d,
       LATERAL (SELECT CASE WHEN (n + d) % 10 = 0 THEN ((n * 7 + d) % 60) * 60000 ELSE 0 END AS o) x
  WHERE n <= :tenant_sites;
\o /dev/null
SELECT setval('sites_seq', :sites), setval('request_groups_seq', :sites), setval('tasks_seq', 3 * :sites);
\o
UPDATE site_counts SET sites = sites + :sites WHERE worst_rank = 1;
UPDATE severity_counts SET tasks = tasks + 3 * :sites WHERE severity_rank = 1;
COMMIT;

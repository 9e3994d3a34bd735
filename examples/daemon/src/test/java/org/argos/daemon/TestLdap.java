package org.argos.daemon;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.argos.config.DaemonConfig;

/**
 * A real LDAP server in the test JVM (UnboundID's in-memory directory) on an ephemeral loopback port, holding:
 * a service account, alice (staff), bob (a contractor, left out by the {@link #FILTER}), and a staff user whose uid is
 * full of filter syntax ({@link #ODD_UID}).
 */
final class TestLdap implements AutoCloseable {
  static final String BASE = "dc=example,dc=org";
  static final String USERS = "ou=users," + BASE;
  static final String SERVICE_DN = "uid=argos,ou=services," + BASE;
  static final String SERVICE_PWD = "service secret";
  static final String FILTER = "(employeeType=staff)";
  static final String ODD_UID = "o*brien (x)\\y";

  final InMemoryDirectoryServer server;
  /** Simple binds the server has been asked for, whatever their outcome. */
  final AtomicInteger binds = new AtomicInteger();

  TestLdap() throws LDAPException, LDIFException {
    InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig(BASE);
    cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
    cfg.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
      @Override
      public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
        binds.incrementAndGet();
      }
    });
    server = new InMemoryDirectoryServer(cfg);
    server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
    server.add("dn: " + USERS, "objectClass: top", "objectClass: organizationalUnit", "ou: users");
    server.add("dn: ou=services," + BASE, "objectClass: top", "objectClass: organizationalUnit", "ou: services");
    server.add("dn: " + SERVICE_DN, "objectClass: inetOrgPerson", "uid: argos", "cn: Argos", "sn: Service",
        "userPassword: " + SERVICE_PWD);
    person("alice", "alice", "alice's password", "staff");
    person("bob", "bob", "bob's password", "contractor");
    person("obrien", ODD_UID, "odd password", "staff");
    server.startListening();
  }

  void person(String rdn, String uid, String password, String type) throws LDAPException, LDIFException {
    server.add("dn: cn=" + rdn + "," + USERS, "objectClass: inetOrgPerson", "cn: " + rdn, "sn: " + rdn, "uid: " + uid,
        "employeeType: " + type, "userPassword: " + password);
  }

  int port() {
    return server.getListenPort();
  }

  String uri() {
    return "ldap://127.0.0.1:" + port();
  }

  /** The config Argos users would write for this directory. */
  DaemonConfig.Ldap config() {
    return new DaemonConfig.Ldap(uri(), USERS, SERVICE_DN, SERVICE_PWD, "uid", FILTER);
  }

  /** The same as YAML lines under {@code general:}. */
  String yaml() {
    return """
          ldap:
            uri: "%s"
            user_tree: "%s"
            bind_dn: "%s"
            bind_pwd: "%s"
            user_attr: "uid"
            user_filter: "%s"
        """.formatted(uri(), USERS, SERVICE_DN, SERVICE_PWD, FILTER);
  }

  @Override
  public void close() {
    server.shutDown(true);
  }
}

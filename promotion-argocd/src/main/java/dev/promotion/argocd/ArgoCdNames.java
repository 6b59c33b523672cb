package dev.promotion.argocd;

import dev.promotion.error.InvalidNameException;
import java.util.regex.Pattern;

/**
 * Names Argo CD accepts: an Application name and a project are Kubernetes object names (DNS-1123
 * subdomains, at most 253 characters), a namespace is a DNS-1123 label (at most 63). Names from
 * manifests and patterns are checked before they reach a URL.
 */
final class ArgoCdNames {
  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private ArgoCdNames() {}

  static String application(String name) {
    return subdomain("Argo CD application", name);
  }

  static String project(String name) {
    return subdomain("Argo CD project", name);
  }

  static String namespace(String name) {
    if (name == null || name.length() > 63 || !LABEL.matcher(name).matches()) {
      throw new InvalidNameException(
          "Argo CD application namespace",
          String.valueOf(name),
          "a namespace is at most 63 lowercase letters, digits and '-', starting and ending with a"
              + " letter or digit");
    }
    return name;
  }

  private static String subdomain(String kind, String name) {
    if (name == null || name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
      throw new InvalidNameException(
          kind,
          String.valueOf(name),
          "Argo CD names are at most 253 lowercase letters, digits, '-' and '.', starting and"
              + " ending with a letter or digit");
    }
    return name;
  }
}

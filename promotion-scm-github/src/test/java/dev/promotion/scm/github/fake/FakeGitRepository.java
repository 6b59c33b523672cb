package dev.promotion.scm.github.fake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The git side of the fake: commits with full file trees, refs, annotated tags and blobs, with ids
 * computed the way git computes blob ids, so that the contents API's {@code sha} is real.
 */
public final class FakeGitRepository {
  /** A commit: its files are the whole tree at that commit. */
  public record Commit(
      String sha,
      List<String> parents,
      String message,
      String author,
      Instant date,
      Map<String, String> files) {}

  /** An annotated tag object. */
  public record AnnotatedTag(
      String sha, String name, String target, String message, Instant date) {}

  private final Map<String, Commit> commits = new LinkedHashMap<>();
  private final TreeMap<String, String> refs = new TreeMap<>();
  private final Map<String, AnnotatedTag> tagObjects = new LinkedHashMap<>();
  private final Map<String, String> blobs = new LinkedHashMap<>();
  private int counter;

  Commit commit(
      String parent, String message, String author, Instant date, Map<String, String> changes) {
    Map<String, String> files = new TreeMap<>();
    List<String> parents = new ArrayList<>();
    if (parent != null) {
      files.putAll(commits.get(parent).files());
      parents.add(parent);
    }
    changes.forEach(
        (path, content) -> {
          if (content == null) {
            files.remove(path);
          } else {
            files.put(path, content);
            blobs.put(blobId(content), content);
          }
        });
    counter++;
    String sha = sha1("commit " + counter + "\n" + parents + "\n" + message + "\n" + files);
    Commit commit = new Commit(sha, List.copyOf(parents), message, author, date, Map.copyOf(files));
    commits.put(sha, commit);
    return commit;
  }

  /** A merge commit of {@code other} into {@code base}: base's files, plus other's it lacks. */
  Commit merge(String base, String other, String message, Instant date) {
    Map<String, String> files = new TreeMap<>(commits.get(other).files());
    files.putAll(commits.get(base).files());
    counter++;
    List<String> parents = List.of(base, other);
    String sha = sha1("commit " + counter + "\n" + parents + "\n" + message + "\n" + files);
    Commit commit = new Commit(sha, parents, message, "GitHub", date, Map.copyOf(files));
    commits.put(sha, commit);
    return commit;
  }

  AnnotatedTag annotatedTag(String name, String target, String message, Instant date) {
    counter++;
    String sha = sha1("tag " + counter + " " + name + " " + target);
    AnnotatedTag tag = new AnnotatedTag(sha, name, target, message, date);
    tagObjects.put(sha, tag);
    return tag;
  }

  Optional<Commit> commit(String sha) {
    return Optional.ofNullable(commits.get(sha));
  }

  Optional<AnnotatedTag> tagObject(String sha) {
    return Optional.ofNullable(tagObjects.get(sha));
  }

  Optional<String> blob(String sha) {
    return Optional.ofNullable(blobs.get(sha));
  }

  /** Refs by full name ({@code refs/heads/main}) to the object they point at. */
  TreeMap<String, String> refs() {
    return refs;
  }

  void setRef(String name, String sha) {
    refs.put(name, sha);
  }

  boolean isCommit(String sha) {
    return commits.containsKey(sha);
  }

  String objectType(String sha) {
    return tagObjects.containsKey(sha) ? "tag" : "commit";
  }

  /** Follows annotated tags down to the commit. */
  String peel(String sha) {
    String current = sha;
    while (tagObjects.containsKey(current)) {
      current = tagObjects.get(current).target();
    }
    return current;
  }

  /** Git's DWIM: full id, tag, branch, then a unique short id of at least 4 characters. */
  Optional<Commit> resolve(String ref) {
    if (ref == null || ref.isEmpty()) {
      return Optional.empty();
    }
    String lower = ref.toLowerCase(java.util.Locale.ROOT);
    if (commits.containsKey(lower)) {
      return commit(lower);
    }
    for (String candidate : List.of(ref, "refs/tags/" + ref, "refs/heads/" + ref)) {
      if (candidate.startsWith("refs/") && refs.containsKey(candidate)) {
        return commit(peel(refs.get(candidate)));
      }
    }
    if (lower.matches("[0-9a-f]{4,39}")) {
      List<String> matches =
          commits.keySet().stream().filter(sha -> sha.startsWith(lower)).toList();
      if (matches.size() == 1) {
        return commit(matches.get(0));
      }
    }
    return Optional.empty();
  }

  /** Commits reachable from {@code head}, newest first. */
  List<Commit> log(String head) {
    List<Commit> out = new ArrayList<>(reachable(head));
    out.sort(Comparator.comparing(Commit::date).thenComparing(c -> order(c.sha())).reversed());
    return out;
  }

  /** Commits reachable from {@code head} but not from {@code base}, oldest first. */
  List<Commit> between(String base, String head) {
    Set<String> excluded = new HashSet<>();
    reachable(base).forEach(c -> excluded.add(c.sha()));
    List<Commit> out = new ArrayList<>();
    for (Commit c : log(head)) {
      if (!excluded.contains(c.sha())) {
        out.add(0, c);
      }
    }
    return out;
  }

  private int order(String sha) {
    return new ArrayList<>(commits.keySet()).indexOf(sha);
  }

  private List<Commit> reachable(String head) {
    List<Commit> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(head));
    while (!todo.isEmpty()) {
      String sha = todo.pop();
      if (seen.add(sha) && commits.containsKey(sha)) {
        Commit c = commits.get(sha);
        out.add(c);
        c.parents().forEach(todo::push);
      }
    }
    return out;
  }

  /** The id git gives a blob with this content. */
  public static String blobId(String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return sha1Bytes(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII), bytes);
  }

  static String sha1(String text) {
    return sha1Bytes(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha1Bytes(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
